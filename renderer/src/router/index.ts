import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/profiles' },
  { path: '/profiles', name: 'profiles', component: () => import('../views/ProfilesView.vue'), meta: { title: 'Profiles' } },
]

// Hash history: the app is served from app://bundle/index.html and must never ask the protocol for /customers.
export const router = createRouter({ history: createWebHashHistory(), routes })
