// The web console's main flow in Firefox: Debian's firefox-esr, headless, driven by npm
// puppeteer-core over WebDriver BiDi (no browser download, no geckodriver). As a person does it:
// log in, see the VM list, the host's NUMA table, make a PVH VM from an xl.cfg, watch it boot in
// the terminal, type a command into it and read the answer. Controls are found by their labels
// and buttons by their text, as WebConsoleFlowTest (Chromium, Selenium) finds them. Every
// uncaught error on the page and every console.error is a failure.
// Prints one line of JSON (the summary) and exits 0, or prints the failure and exits 1.
//
//   JXEND_URL=http://127.0.0.1:8080 JXEND_PASSWORD=secret FIREFOX=/usr/bin/firefox-esr \
//     FIREFOX_PROFILE=/tmp/profile node firefox-flow.mjs
import puppeteer from 'puppeteer-core'

const { JXEND_URL: url, JXEND_PASSWORD: password, FIREFOX: firefox, FIREFOX_PROFILE: profile } = process.env
const PATIENCE_MS = 30_000
const VM = 'firefox-web'

// what the page reported: uncaught errors and console.error
const errors = []
const steps = {}
const started = Date.now()
const step = name => {
  steps[name] = Date.now() - started
}

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: firefox,
  headless: true,
  userDataDir: profile,
  defaultViewport: { width: 1280, height: 900 },
})
const deadline = setTimeout(async () => {
  console.error('firefox-flow: still running after 150 s; steps done: ' + JSON.stringify(steps))
  await browser.close().catch(() => {})
  process.exit(1)
}, 150_000)

async function main() {
  page.on('pageerror', e => errors.push('page error: ' + (e?.message ?? e)))
  page.on('console', m => {
    if (m.type() === 'error') errors.push('console error: ' + m.text())
  })

  await page.goto(url)
  await type(await field('User'), 'root')
  await type(await field('Password'), password)
  await (await button('Log in')).click()
  await page.waitForSelector('#vm-table', { timeout: PATIENCE_MS })
  const title = await page.title()
  step('loggedIn')

  await go('host')
  const topology = await waitForText('.topology', 'NUMA node')
  const numa = await page.$eval('.topology table', e => e.innerText)
  step('host')

  await go('new')
  await type(await field('Config text'), [`name = "${VM}"`, 'type = "pvh"', 'kernel = "/boot/vmlinuz"', 'memory = 128', ''].join('\n'))
  await (await button('Create VM from xl.cfg')).click()
  await page.waitForFunction(() => location.hash.startsWith('#/vm/'), { timeout: PATIENCE_MS, polling: 50 })
  const hash = await page.evaluate(() => location.hash)
  const state = await waitForText('.heading .state', 'running')
  await waitForText('.xterm-rows', 'Linux version')
  step('booted')

  // keys go where a person's would: into the focused terminal, once getty has logged root in
  await waitForText('.xterm-rows', `${VM} login: root (automatic login)`)
  await page.click('.terminal')
  await page.keyboard.type('echo typed-in-firefox')
  await page.keyboard.press('Enter')
  // jxend's console socket sends whole lines: the prompt shows with the line typed after it
  const terminal = await waitForText('.xterm-rows', `root@${VM}:~# echo typed-in-firefox\ntyped-in-firefox`)
  step('typed')

  return { browser: await browser.version(), title, topology, numa, vm: { hash, state }, terminal, steps, errors }
}

/** The visible control labelled `label` (a <label for>), once there is one. */
async function field(label) {
  const handle = await page.waitForFunction(label => {
    const l = [...document.querySelectorAll('label')]
      .find(l => l.textContent.replace(/\s+/g, ' ').trim() === label && l.checkVisibility())
    return l && document.getElementById(l.htmlFor)
  }, { timeout: PATIENCE_MS, polling: 50 }, label)
  return handle.asElement()
}

/** The visible, enabled button whose text or accessible name is `name`. */
async function button(name) {
  const handle = await page.waitForFunction(name => [...document.querySelectorAll('button')]
    .find(b => (b.textContent.replace(/\s+/g, ' ').trim() === name || b.getAttribute('aria-label') === name)
      && b.checkVisibility() && !b.disabled), { timeout: PATIENCE_MS, polling: 50 }, name)
  return handle.asElement()
}

/** Replaces what a text field holds, typing as a person would. */
async function type(element, text) {
  await element.evaluate(e => { e.value = '' })
  await element.type(text)
}

/** Goes to #/route and waits for its heading. */
async function go(route) {
  await page.evaluate(hash => { location.hash = hash }, '#/' + route)
  await page.waitForFunction(() => document.querySelector('main h1') && !document.querySelector('main .loading'),
    { timeout: PATIENCE_MS, polling: 50 })
}

/** Waits until an element matching css shows text containing wanted; returns that text. */
async function waitForText(css, wanted) {
  try {
    const handle = await page.waitForFunction((css, wanted) => [...document.querySelectorAll(css)]
      .map(e => e.innerText).find(t => t.includes(wanted)), { timeout: PATIENCE_MS, polling: 50 }, css, wanted)
    return await handle.jsonValue()
  } catch (e) {
    const shown = await page.$$eval(css, all => all.map(e => e.innerText)).catch(() => [])
    throw new Error(`expected '${wanted}' in ${css}, which shows: ${JSON.stringify(shown)}`, { cause: e })
  }
}

const page = await browser.newPage()
let code = 0
try {
  const summary = await main()
  console.log(JSON.stringify(summary))
} catch (error) {
  console.error('firefox-flow:', error?.stack ?? error, '\nsteps done:', JSON.stringify(steps),
    '\npage errors:', JSON.stringify(errors))
  code = 1
} finally {
  await browser.close().catch(e => console.error('firefox-flow: closing Firefox:', e))
  clearTimeout(deadline)
}
process.exit(code)
