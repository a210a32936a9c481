"""Debian's XenAPI.py (python3-os-xenapi) against jxend, used as a Python script uses XAPI: log in,
read hosts and VMs, make a VM from a template (Async clone, its task waited for, then provision),
take it through start (finding it with get_all_records_where), pause, unpause, suspend, resume and clean shutdown, destroy it, and follow
it on event.from after each step and on the deprecated event.register/event.next after its start and its
destroy; log out. Prints one line of JSON (the summary) and exits 0, or
raises (a traceback, exit status 1).

    PYTHONPATH=.../os_xenapi/client XAPI_PASSWORD=secret python3 xenapi_client.py http://127.0.0.1:8080
    PYTHONPATH=.../os_xenapi/client python3 xenapi_client.py unix:/path/to/xapi.sock
"""
import json
import os
import sys
import time
import xmlrpc.client

import XenAPI

WAIT_S = 60


class UnixSocketTransport(XenAPI.UDSTransport):
    """XenAPI.py's Unix-socket transport. Its send_request still has Python 2's signature, so
    Python 3's xmlrpc.client fails calling it (a TypeError); Python 3's own send_request does the
    job, opening the connection through UDSTransport.make_connection."""
    send_request = xmlrpc.client.Transport.send_request


def session_for(where):
    if not where.startswith('unix:'):
        return XenAPI.Session(where)
    path = where[len('unix:'):]
    # UDSHTTPConnection reads the socket's path from the URL's host, with '_' for '/'
    if '_' in path:
        raise SystemExit('XenAPI.py cannot reach a socket whose path has an underscore: ' + path)
    return XenAPI.Session('http://' + path.replace('/', '_') + '/', transport=UnixSocketTransport())


def check(ok, what):
    if not ok:
        raise AssertionError('expected ' + what)


def event_from(x, classes, token, timeout):
    return getattr(x.event, 'from')(classes, token, timeout)  # 'from' is a Python keyword


def legacy_event(x, vm):
    """The VM's newest change as event.next gives it: operation and the snapshot's power state."""
    for _ in range(10):
        mine = [e for e in x.event.next() if e['ref'] == vm]
        if mine:
            return [mine[-1]['operation'], mine[-1]['snapshot']['power_state']]
    raise AssertionError('no event.next event for the VM in ten calls')


def task_result(x, task):
    """Waits for an Async call's task on event.from, returns its result and destroys it."""
    token = ''
    deadline = time.monotonic() + WAIT_S
    while x.task.get_status(task) == 'pending':
        check(time.monotonic() < deadline, 'task %s to finish within %d s' % (task, WAIT_S))
        token = event_from(x, ['task/' + task], token, 5.0)['token']
    record = x.task.get_record(task)
    x.task.destroy(task)
    check(record['status'] == 'success', 'task success, got %s %s' % (record['status'], record['error_info']))
    # the result is an XML-RPC value, as XAPI writes it
    (value,), _ = xmlrpc.client.loads('<methodResponse><params><param>%s</param></params></methodResponse>'
                                      % record['result'])
    return value


def filtered(x, vm):
    """The hidden get_all_where and get_all_records_where with XAPI's filter expressions (columns are
    database names: name__label), and the errors of a malformed expression and an unknown column."""
    running = x.VM.get_all_records_where('field "power_state"="Running" and not field "is_control_domain"="true"')
    errors = []
    for expr in ['field "power_state"=', 'field "name_label"="XenAPI.py"']:
        try:
            x.VM.get_all_where(expr)
            errors.append(None)
        except XenAPI.Failure as e:
            errors.append(e.details)
    return {
        'running': sorted(r['name_label'] for r in running.values()),
        'named': x.VM.get_all_where('field "name__label"="XenAPI.py"') == [vm],
        'errors': errors,
    }


def main(where):
    session = session_for(where)
    x = session.xenapi
    # XenAPI.py asks for the API version as it logs in (pool.get_all, pool.get_master, host.get_API_version_*)
    x.login_with_password('root', os.environ.get('XAPI_PASSWORD', ''), '1.0', 'jxen-test')
    hosts = x.host.get_all_records()
    vms = x.VM.get_all_records()
    check(len(hosts) == 1, 'one host')
    dom0 = [r for r in vms.values() if r['is_control_domain']]
    check(len(dom0) == 1 and dom0[0]['power_state'] == 'Running', 'one running control domain')
    templates = {r['name_label']: ref for ref, r in vms.items() if r['is_a_template']}
    check('Generic Linux PV' in templates, "the 'Generic Linux PV' template")
    token = event_from(x, ['vm'], '', 0.0)['token']
    x.event.register(['vm'])  # the deprecated event API beside event.from, as older scripts use it

    vm = task_result(x, x.Async.VM.clone(templates['Generic Linux PV'], 'XenAPI.py'))
    x.VM.provision(vm)
    check(not x.VM.get_is_a_template(vm), 'provision to make the clone a VM (is_a_template false)')
    vdis = [x.VBD.get_VDI(vbd) for vbd in x.VM.get_VBDs(vm)]
    check(len(vdis) == 1, "one disk from the template's provision XML")

    states = []
    events = []

    def step(expected):
        """The VM's power state, read and as the VM's latest event since the last step shows it."""
        nonlocal token
        check(x.VM.get_power_state(vm) == expected, 'power state %s' % expected)
        batch = event_from(x, ['vm'], token, 5.0)
        token = batch['token']
        mine = [e for e in batch['events'] if e['ref'] == vm]
        check(mine, 'an event for the VM after it became %s' % expected)
        events.extend(e['operation'] for e in mine)
        states.append(mine[-1]['snapshot']['power_state'])

    step('Halted')
    x.VM.start(vm, False, False)
    step('Running')
    legacy = [legacy_event(x, vm)]
    found = filtered(x, vm)
    x.VM.pause(vm)
    step('Paused')
    x.VM.unpause(vm)
    step('Running')
    x.VM.suspend(vm)
    step('Suspended')
    x.VM.resume(vm, False, False)
    step('Running')
    x.VM.clean_shutdown(vm)
    step('Halted')

    uuid = x.VM.get_uuid(vm)
    x.VM.destroy(vm)
    for vdi in vdis:
        x.VDI.destroy(vdi)
    gone = [e for e in event_from(x, ['vm'], token, 5.0)['events'] if e['ref'] == vm]
    check([e['operation'] for e in gone] == ['del'] and 'snapshot' not in gone[0], 'one del event without a snapshot')
    events.append('del')
    legacy.append(legacy_event(x, vm))
    x.event.unregister(['vm'])
    api_version = session.API_version
    x.session.logout()
    return {
        'transport': where.split(':')[0],
        'api_version': api_version,
        'hosts': [h['name_label'] for h in hosts.values()],
        'templates': sorted(templates),
        'vm': uuid,
        'states': states,
        'events': events,
        'where': found,
        'legacy': legacy,
    }


if __name__ == '__main__':
    print(json.dumps(main(sys.argv[1])))  # a failure is a traceback and exit status 1
