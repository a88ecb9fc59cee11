import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  // First run lands on the built-in Sandbox profile's customers: sample data to explore before any setup.
  { path: '/', redirect: '/customers' },
  { path: '/customers', name: 'customers', component: () => import('../views/CustomersView.vue'), meta: { title: 'Customers' } },
  { path: '/customers/:id(\\d+)', name: 'customer', component: () => import('../views/CustomerDetailView.vue'), meta: { title: 'Customer' } },
  { path: '/widget', name: 'widget', component: () => import('../views/widget/WidgetView.vue'), meta: { title: 'Connection Widget' } },
  {
    path: '/widget/history',
    name: 'widget-history',
    component: () => import('../views/widget/WidgetHistoryView.vue'),
    meta: { title: 'Widget history' },
  },
  {
    path: '/customers/:id(\\d+)/recipes/:recipeId(\\d+)/jobs/:jobId',
    name: 'customer-job',
    component: () => import('../views/JobDetailView.vue'),
    meta: { title: 'Job' },
  },
  {
    path: '/customers/:id(\\d+)/activate',
    name: 'customer-activate',
    component: () => import('../views/flows/ChecklistView.vue'),
    meta: { title: 'Activation checklist' },
  },
  {
    path: '/customers/:id(\\d+)/runtime-users',
    name: 'customer-runtime-users',
    component: () => import('../views/flows/RuntimeUsersView.vue'),
    meta: { title: 'Runtime users' },
  },
  { path: '/onboard', name: 'onboard', component: () => import('../views/flows/OnboardView.vue'), meta: { title: 'Onboard a customer' } },
  { path: '/fleet/bulk', name: 'bulk', component: () => import('../views/fleet/BulkView.vue'), meta: { title: 'Bulk start / stop' } },
  { path: '/tokens', name: 'tokens', component: () => import('../views/TokenInspectorView.vue'), meta: { title: 'Token inspector' } },
  { path: '/fleet', name: 'triage', component: () => import('../views/fleet/TriageView.vue'), meta: { title: 'Fleet health' } },
  { path: '/profiles', name: 'profiles', component: () => import('../views/ProfilesView.vue'), meta: { title: 'Profiles' } },
  { path: '/audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { title: 'Audit trail' } },
  { path: '/settings', name: 'settings', component: () => import('../views/SettingsView.vue'), meta: { title: 'Settings' } },
]

// Hash history: the app is served from app://bundle/index.html and must never ask the protocol for /customers.
export const router = createRouter({ history: createWebHashHistory(), routes })
