// An app's live log (WS /logs/{name}) with a sidebar of every app and its
// state (one click switches), and a marker where the process was restarted,
// with the cause the agent reported ("killed by SIGKILL").

import { api, logStreamPath } from '../api.js';
import { h, replace } from '../dom.js';
import { t, translateReason } from '../i18n.js';
import { createLogViewer } from '../log-viewer.js';
import { poll, stateBadge, updateBadge } from './common.js';

const SIDEBAR_POLL_MS = 5000;
const CAUSE_FRESH_MS = 60000;
const CAUSE_STATES = ['restarting', 'crashed', 'failed'];

/** The sidebar of apps: name and state badge, the current one marked. */
function appSidebar(current) {
  const list = h('ul', { class: 'log-apps-list' });
  const nav = h('nav', { class: 'log-apps', id: 'log-apps', 'aria-label': t('logs.apps') },
    h('h2', { class: 'card-title', text: t('logs.apps') }), list);
  const badges = new Map();
  function render(apps) {
    const names = apps.map((app) => app.name).join('\n');
    if (names !== list.dataset.names) {
      list.dataset.names = names;
      badges.clear();
      replace(list, ...apps.map((app) => {
        const badge = stateBadge(app.status?.state);
        badges.set(app.name, badge);
        return h('li', {}, h('a', {
          href: `/apps/${encodeURIComponent(app.name)}/logs`,
          class: app.name === current ? 'active' : null,
          'aria-current': app.name === current ? 'page' : null,
          dataset: { app: app.name },
        }, h('span', { class: 'log-app-name', text: app.name }), badge));
      }));
    }
    for (const app of apps) updateBadge(badges.get(app.name), app.status?.state);
  }
  return { nav, render, badges };
}

/** Mounts the viewer for `params.name`; returns its cleanup (closes the socket). */
export function mount(container, ctx, params) {
  const name = params.name;
  let lastCause = null;
  const viewer = createLogViewer({
    // Reconnecting after the last entry shown: nothing repeated, nothing lost while away.
    path: ({ history, grep, cursor }) => logStreamPath(name, cursor ? { cursor, grep } : { lines: history, grep }),
    markRestarts: true,
    causeOfRestart: () => (lastCause && Date.now() - lastCause.at < CAUSE_FRESH_MS ? lastCause.text : null),
  });
  const sidebar = appSidebar(name);

  replace(container,
    h('nav', { class: 'breadcrumb' }, h('a', { href: '/apps', text: t('nav.apps') }), h('span', { text: '/' }),
      h('a', { href: `/apps/${encodeURIComponent(name)}`, text: name }), h('span', { text: '/' }), h('span', { text: t('apps.logs') })),
    h('div', { class: 'page-header' },
      h('div', { class: 'title-row' }, h('h1', { text: t('logs.title', { name }) }), viewer.connection)),
    h('div', { class: 'log-layout' },
      sidebar.nav,
      h('div', { class: 'log-main' }, viewer.toolbar, viewer.output)));

  const sidebarPoll = poll(async () => {
    const body = await api.apps();
    sidebar.render((body.apps || []).slice().sort((a, b) => a.name.localeCompare(b.name)));
  }, SIDEBAR_POLL_MS);

  const unsubscribe = ctx.events.subscribe((event) => {
    if (event.type === 'state' && sidebar.badges.has(event.app)) updateBadge(sidebar.badges.get(event.app), event.state);
    if (event.app !== name || !event.detail) return;
    const cause = (event.type === 'state' && CAUSE_STATES.includes(event.state)) || (event.type === 'alert' && event.alert !== 'crash_loop');
    if (!cause) return;
    lastCause = { text: translateReason(event.detail), at: Date.now() };
    viewer.reason(lastCause.text);
  });

  viewer.connect();
  return () => {
    viewer.close();
    sidebarPoll.stop();
    unsubscribe();
  };
}
