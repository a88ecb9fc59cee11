/** Inline CSS for the widget pages (CSP allows only the page's nonce'd style element; no style attributes). */

export const baseCss = `
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#fff;color:#1f2a37;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
#wk-root{padding:20px 22px 16px}
.wk-head{display:flex;align-items:center;gap:14px;padding-bottom:16px;border-bottom:1px solid #e7eaf0}
.logo{flex:none;width:44px;height:44px;border-radius:10px;display:flex;align-items:center;justify-content:center;color:#fff;font-weight:700;font-size:16px;letter-spacing:.5px;box-shadow:inset 0 -2px 0 rgba(0,0,0,.12)}
.head-text{min-width:0;flex:1}
.title{font-size:16px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.subtitle{color:#6b7585;font-size:12.5px;margin-top:2px}
.pill{flex:none;display:inline-flex;align-items:center;gap:6px;border-radius:999px;padding:3px 10px 3px 8px;font-size:12px;font-weight:600;border:1px solid transparent}
.pill::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor}
.pill-ok{color:#0f7b4b;background:#e6f6ee;border-color:#bfe8d2}
.pill-off{color:#5b6576;background:#f1f3f6;border-color:#dfe3ea}
.pill-bad{color:#b42318;background:#fdecea;border-color:#f6c9c4}
.wk-body{padding-top:16px}
.lead{margin:0 0 14px;color:#3b4656}
.alert{border:1px solid #f6c9c4;background:#fdf3f2;color:#8f1d14;border-radius:8px;padding:10px 12px;margin:0 0 14px;font-size:13px}
.alert strong{display:block;margin-bottom:2px}
.okbox{border:1px solid #bfe8d2;background:#f1fbf6;color:#0b5d39;border-radius:8px;padding:10px 12px;margin:0 0 14px;font-size:13px}
.field{display:block;margin:0 0 12px}
.field span{display:block;font-weight:600;font-size:13px;margin-bottom:5px}
.field em{color:#b42318;font-style:normal;margin-left:2px}
.field input{width:100%;height:36px;border:1px solid #cfd5de;border-radius:6px;padding:0 10px;font:inherit;color:inherit;background:#fff}
.field input:focus{outline:none;border-color:#1b7f8c;box-shadow:0 0 0 3px rgba(27,127,140,.18)}
.field small{display:block;color:#6b7585;margin-top:4px;font-size:12px}
.actions{display:flex;gap:10px;align-items:center;margin-top:4px}
.btn{height:36px;border-radius:6px;padding:0 16px;font:inherit;font-weight:600;cursor:pointer;border:1px solid transparent}
.btn:disabled{opacity:.6;cursor:progress}
.btn.primary{background:#1b7f8c;color:#fff}
.btn.primary:hover:not(:disabled){background:#166a75}
.btn.secondary{background:#fff;color:#1f2a37;border-color:#cfd5de}
.btn.secondary:hover:not(:disabled){background:#f5f7fa}
.btn.danger{background:#fff;color:#b42318;border-color:#f0b8b1}
.btn.danger:hover:not(:disabled){background:#fdf3f2}
.note{color:#6b7585;font-size:12.5px;margin:10px 0 0}
.note:empty{display:none}
.note.bad{color:#b42318}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0 0 14px;font-size:13px}
.meta dt{color:#6b7585}
.meta dd{margin:0}
.wk-foot{margin-top:18px;padding-top:10px;border-top:1px solid #eef0f4;color:#8a93a3;font-size:11.5px;display:flex;justify-content:space-between}
.err{max-width:560px;margin:0 auto;padding:28px 24px;text-align:left}
.err-icon{width:40px;height:40px;border-radius:50%;background:#fdecea;color:#b42318;display:flex;align-items:center;justify-content:center;font-weight:700;font-size:20px;margin-bottom:14px}
.err h1{font-size:18px;margin:0 0 6px}
.err .code{display:inline-block;font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f7;border:1px solid #e2e5eb;border-radius:5px;padding:3px 7px;margin:4px 0 12px;color:#8f1d14}
.err p{margin:0 0 10px;color:#3b4656}
.err .fix{background:#f6f8fb;border-left:3px solid #1b7f8c;padding:8px 12px;border-radius:0 6px 6px 0}
.err .muted{color:#8a93a3;font-size:12px;margin-top:16px}
`

/** Google's sign-in error page look for `disallowed_useragent`. */
export const googleCss = `
*{box-sizing:border-box}
html,body{margin:0;background:#fff;color:#202124;font:14px/1.5 Roboto,Arial,sans-serif}
.g-card{max-width:450px;margin:40px auto;border:1px solid #dadce0;border-radius:8px;padding:40px 40px 32px}
.g-logo{font:500 24px/1 "Product Sans",Arial,sans-serif;letter-spacing:-.5px;margin-bottom:18px}
.g1{color:#4285f4}.g2{color:#ea4335}.g3{color:#fbbc05}.g4{color:#34a853}
h1{font-size:24px;font-weight:400;margin:0 0 10px}
p{margin:0 0 12px;color:#3c4043}
.g-err{color:#d93025;font-weight:500;margin-top:18px}
.g-link{color:#1a73e8;text-decoration:none}
.g-foot{max-width:450px;margin:0 auto;color:#5f6368;font-size:12px;display:flex;justify-content:space-between;padding:0 4px}
`

/** The emulator OAuth consent page (popup). */
export const consentCss = `
*{box-sizing:border-box}
html,body{margin:0;background:#f4f6f9;color:#1f2a37;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.c-card{max-width:420px;margin:36px auto;background:#fff;border:1px solid #e3e7ee;border-radius:12px;padding:28px;box-shadow:0 4px 18px rgba(16,24,40,.06)}
.c-logos{display:flex;align-items:center;gap:10px;margin-bottom:18px}
.logo{width:44px;height:44px;border-radius:10px;display:flex;align-items:center;justify-content:center;color:#fff;font-weight:700}
.logo.wk{background:#1b2b3a}
.dots{color:#9aa3b2;letter-spacing:3px}
h1{font-size:18px;margin:0 0 6px}
p{margin:0 0 10px;color:#3b4656}
ul{margin:0 0 18px;padding-left:20px;color:#3b4656}
.actions{display:flex;gap:10px;justify-content:flex-end}
.btn{height:36px;border-radius:6px;padding:0 16px;font:inherit;font-weight:600;cursor:pointer;border:1px solid #cfd5de;background:#fff}
.btn.primary{background:#1b7f8c;border-color:#1b7f8c;color:#fff}
.btn:disabled{opacity:.6}
.result{margin-top:14px;font-weight:600}
.result.ok{color:#0f7b4b}.result.bad{color:#b42318}
.muted{color:#8a93a3;font-size:12px;margin-top:18px}
`
