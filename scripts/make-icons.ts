/**
 * Regenerates every app icon from the one source, build/icon.svg:
 *   build/icon.png (1024, Linux packages), build/icon.icns (macOS), build/icon.ico (Windows),
 *   resources/icon.png (512, the window icon at run time), renderer/public/favicon.png (256).
 * The outputs are committed (they ship with the app); run this after editing the SVG:
 *   node --import tsx scripts/make-icons.ts
 * Chromium rasterises the SVG at each size (so small sizes are drawn, not shrunk); png2icons packs the 1024 PNG
 * into .icns/.ico (electron-builder needs at least 512x512 for the .icns it would otherwise derive itself).
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import png2icons from 'png2icons'
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const at = (p: string) => path.join(root, p)

const pngs: { file: string; size: number }[] = [
  { file: 'build/icon.png', size: 1024 },
  { file: 'resources/icon.png', size: 512 },
  { file: 'renderer/public/favicon.png', size: 256 },
]

const svg = await readFile(at('build/icon.svg'), 'utf8')
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs })
try {
  const page = await browser.newPage()
  for (const { file, size } of pngs) {
    await page.setViewportSize({ width: size, height: size })
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
    await page.setContent(`<html><body style="margin:0"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`)
    await page.locator('img').screenshot({ path: at(file), omitBackground: true })
    console.log(`wrote ${file} (${size}x${size})`)
  }
} finally {
  await browser.close()
}

const master = await readFile(at('build/icon.png'))
const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0)
// PNG chunks for 256 and BMP for the small sizes: what Windows Explorer and the NSIS installer both read.
const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true)
if (!icns || !ico) throw new Error('png2icons could not convert build/icon.png (is it a valid RGBA PNG?)')
await writeFile(at('build/icon.icns'), icns)
await writeFile(at('build/icon.ico'), ico)
console.log('wrote build/icon.icns and build/icon.ico')
