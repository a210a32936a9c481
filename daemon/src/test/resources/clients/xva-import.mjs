// Xen Orchestra's XVA writer (@xen-orchestra/xva, what its "import from VMware" streams to XAPI)
// sends a VM with a 3 MiB disk and a NIC to jxend's PUT /import/ through npm xen-api's putResource
// (a task, a probe for a redirect, a body of unknown length) and waits for the task's result.
// Prints {"vm": REF} and exits 0, or prints the failure and exits 1.
//
//   XAPI_URL=http://127.0.0.1:8080 XAPI_PASSWORD=secret node xva-import.mjs
import { Readable } from 'node:stream'
import { createClient } from 'xen-api'
import { importVm } from '@xen-orchestra/xva/importVm.mjs'

const { XAPI_URL: url, XAPI_PASSWORD: password } = process.env
const MIB = 2 ** 20

// chunk 0 a pattern, chunk 1 zeros (the writer leaves it out), chunk 2 some text
const disk = Buffer.alloc(3 * MIB)
disk.fill(0xab, 0, MIB)
disk.write('the last chunk', 2 * MIB + 12345)

const xapi = createClient({ url, auth: { user: 'root', password }, allowUnauthorized: true })
// @xen-orchestra/xapi's helper, which importVm calls
xapi.task_create = (label, description = '') => xapi.call('task.create', label, description)

try {
  await xapi.connect()
  const [pool] = Object.values(await xapi.call('pool.get_all_records'))
  const sr = { $ref: pool.default_SR, ...(await xapi.call('SR.get_record', pool.default_SR)) }
  const [netRef] = await xapi.call('network.get_all')
  const network = { $ref: netRef, ...(await xapi.call('network.get_record', netRef)) }
  const vhd = { footer: { currentSize: disk.length }, rawContent: async () => Readable.from([disk], { objectMode: false }) }
  const vm = {
    name_label: 'from-xo',
    memory: 256 * MIB,
    nCpus: 2,
    firmware: 'bios',
    vdis: [{ name_label: 'xo disk', name_description: 'a disk from elsewhere', virtual_size: disk.length }],
    vhds: [vhd],
    networks: [{ macAddress: '00:16:3e:12:34:56', isGenerated: false }],
  }
  const ref = await importVm(vm, xapi, sr, network)
  console.log(JSON.stringify({ vm: ref }))
  await xapi.disconnect()
  process.exit(0)
} catch (error) {
  console.error(error)
  process.exit(1)
}
