// npm xen-api (Xen Orchestra's connector) against jxend, driven as Xen Orchestra drives a host:
// connect and fill the object cache from get_all_records and event.from, make a VM from a
// template (clone, provision, a VIF on a private network made for it), start it, shut it down, snapshot it and revert it to the
// snapshot, and destroy both with their disks, each through callAsync, following the VM through
// the object cache's events.
// Prints one line of JSON (the summary) and exits 0, or prints the failure and exits 1.
//
//   XAPI_URL=http://127.0.0.1:8080 XAPI_PASSWORD=secret XAPI_TRANSPORT=json-rpc|xml-rpc node xen-api-client.mjs
import { createClient } from 'xen-api'

const { XAPI_URL: url, XAPI_PASSWORD: password, XAPI_TRANSPORT: transport } = process.env
const WAIT_MS = 60_000
const GIB = 2 ** 30

// xen-api reports here what it recovers from (a get_all_records that failed, an event.from error):
// against jxend any of these is a failure.
const warnings = []
console.warn = (...args) => warnings.push(args.map(a => (a instanceof Error ? a.stack : String(a))).join(' '))

function check(ok, what) {
  if (!ok) throw new Error('expected ' + what)
}

const xapi = createClient({ url, auth: { user: 'root', password }, allowUnauthorized: true, transport })

// Every power state each VM went through, as the cache's add and update events showed it.
const powerStates = {}
const record = objects => {
  for (const o of Object.values(objects)) {
    if (o?.$type === 'VM') {
      const seen = (powerStates[o.$ref] ??= [])
      if (seen.at(-1) !== o.power_state) seen.push(o.power_state)
    }
  }
}
xapi.objects.on('add', record)
xapi.objects.on('update', record)

// Resolves once test() holds, checking again after each batch of events the cache applies.
function until(what, test) {
  return new Promise((resolve, reject) => {
    const retest = () => {
      const value = test()
      if (value) {
        stop()
        resolve(value)
      }
    }
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`no event brought ${what} within ${WAIT_MS} ms`))
    }, WAIT_MS)
    const stop = () => {
      clearTimeout(timer)
      xapi.objects.removeListener('finish', retest)
    }
    xapi.objects.on('finish', retest)
    retest()
  })
}

const byType = type => Object.values(xapi.objects.indexes.type[type] ?? {})

async function main() {
  await xapi.connect()
  await xapi.objectsFetched

  const pool = xapi.pool
  const host = xapi.getObjectByRef(pool.master)
  const dom0 = host.$control_domain
  check(dom0?.is_control_domain === true, "the host's control_domain to be the control domain's VM")
  check(dom0.power_state === 'Running', 'the control domain to run')
  const templates = byType('VM').filter(vm => vm.is_a_template && !vm.is_a_snapshot)
  const template = templates.find(vm => vm.name_label === 'Generic Linux PV')
  check(template !== undefined, "the 'Generic Linux PV' template")
  check(byType('network')[0] !== undefined, "the host's network")

  // A private network as Xen Orchestra makes one (no PIF: a bridge of the host's own)
  const networkRef = await xapi.call('network.create', {
    name_label: `xen-api ${transport} private`,
    name_description: '',
    other_config: { automatic: 'false' },
    MTU: 1500,
  })
  const network = await xapi.barrier(networkRef)
  check(/^xapi[0-9]+$/.test(network.bridge) && network.PIFs.length === 0, 'a private network on a bridge xapiN, got ' + network.bridge)

  // A VM as Xen Orchestra makes one: clone the template, provision its disks, add a NIC.
  const vmRef = await xapi.callAsync('VM.clone', template.$ref, `xen-api ${transport}`)
  await xapi.callAsync('VM.provision', vmRef)
  const [device] = await xapi.call('VM.get_allowed_VIF_devices', vmRef)
  await xapi.call('VIF.create', {
    device,
    ipv4_allowed: [],
    ipv6_allowed: [],
    locking_mode: 'network_default',
    MAC: '',
    MTU: Number(network.MTU),
    network: network.$ref,
    other_config: {},
    qos_algorithm_params: {},
    qos_algorithm_type: '',
    VM: vmRef,
  })
  const vm = await xapi.barrier(vmRef) // the pool's mod event with the barrier's key: every earlier event is in
  check(!vm.is_a_template, 'provision to make the clone a VM (is_a_template false)')
  check(vm.power_state === 'Halted', 'the new VM to be halted')
  const vbds = vm.$VBDs
  check(vbds.length === 1 && Number(vbds[0].$VDI?.virtual_size) === 8 * GIB, "one 8 GiB disk from the template's provision XML")
  const vdi = vbds[0].$VDI
  check(vm.$VIFs.length === 1 && vm.$VIFs[0].network === network.$ref, 'one VIF on the network')

  await xapi.callAsync('VM.start', vmRef, false, false)
  const running = await until('the VM running', () => {
    const o = xapi.getObjectByRef(vmRef)
    return o.power_state === 'Running' && o
  })
  check(Number(running.domid) > 0, 'a running VM to have a domain')
  check(running.resident_on === host.$ref, 'a running VM to be resident on the host')
  const refused = await xapi.call('network.destroy', networkRef).then(() => undefined, error => error)
  check(refused?.code === 'NETWORK_CONTAINS_VIF' && refused.params[0] === running.VIFs[0],
    'network.destroy to be refused while the VM runs, with NETWORK_CONTAINS_VIF, got ' + refused)

  await xapi.callAsync('VM.clean_shutdown', vmRef)
  await until('the VM halted', () => xapi.getObjectByRef(vmRef).power_state === 'Halted')

  // Xen Orchestra's snapshot (a template no more) and its revert: the VM gets a copy of the snapshot's disk
  const snapRef = await xapi.callAsync('VM.snapshot', vmRef, `xen-api ${transport} snapshot`)
  await xapi.call('VM.set_is_a_template', snapRef, false)
  await xapi.callAsync('VM.revert', snapRef)
  const reverted = await xapi.barrier(vmRef)
  check(reverted.parent === snapRef, 'the reverted VM to name the snapshot as its parent')
  check(reverted.power_state === 'Halted', 'a VM reverted to a snapshot of a halted VM to be halted')
  const disk = reverted.$VBDs[0]?.$VDI
  check(disk !== undefined && disk.$ref !== vdi.$ref && Number(disk.virtual_size) === 8 * GIB,
    'the reverted VM to have a new 8 GiB disk in place of its old one')
  check(xapi.getObjectByRef(vdi.$ref, undefined) === undefined, 'the disk replaced by the revert to be gone')
  const snapDisk = xapi.getObjectByRef(snapRef).$VBDs[0].$VDI
  check(snapDisk.snapshot_of === disk.$ref, "the snapshot's disk to be a snapshot of the new one")

  // Xen Orchestra's destroy: the VM (with its VBDs and VIFs), then its disks; the snapshot likewise.
  const vmUuid = vm.uuid
  const gone = [vmRef, reverted.VBDs[0], reverted.VIFs[0], disk.$ref, snapRef, snapDisk.$ref]
  await xapi.callAsync('VM.destroy', vmRef)
  await xapi.callAsync('VDI.destroy', disk.$ref)
  await xapi.callAsync('VM.destroy', snapRef)
  await xapi.callAsync('VDI.destroy', snapDisk.$ref)
  await xapi.callAsync('network.destroy', networkRef)
  gone.push(networkRef)
  await until('the VM, its VBD, VIF and disk, its snapshot and its disk, the network gone from the cache', () =>
    gone.every(ref => xapi.getObjectByRef(ref, undefined) === undefined))

  check(warnings.length === 0, 'no warnings from xen-api, got: ' + warnings.join('\n'))
  return {
    transport,
    pool: pool.uuid,
    host: { name: host.name_label, api: `${host.API_version_major}.${host.API_version_minor}` },
    controlDomain: dom0.uuid,
    templates: templates.map(t => t.name_label).sort(),
    types: Object.keys(xapi.objects.indexes.type).sort(),
    vm: { uuid: vmUuid, powerStates: powerStates[vmRef] },
  }
}

const deadline = setTimeout(() => {
  console.error('xen-api-client: still running after 3 minutes')
  process.exit(1)
}, 180_000)
try {
  console.log(JSON.stringify(await main()))
  await xapi.disconnect()
  clearTimeout(deadline)
  process.exit(0) // the event loop's pending event.from would keep node up for a minute
} catch (error) {
  console.error('xen-api-client:', error?.stack ?? error)
  if (warnings.length > 0) console.error('xen-api warnings:\n' + warnings.join('\n'))
  process.exit(1)
}
