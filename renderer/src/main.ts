import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { z } from 'zod'
import App from './App.vue'
import { router } from './router'
import './styles.css'

// The renderer's CSP has no 'unsafe-eval': tell zod not to try its eval-compiled fast path (it would fall back
// anyway, but only after a CSP violation in the console).
z.config({ jitless: true })

createApp(App).use(createPinia()).use(router).mount('#app')
