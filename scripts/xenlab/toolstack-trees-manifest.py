#!/usr/bin/env python3
"""Writes DIR/MANIFEST.md for the captured libxl-trees: one table per case (step, files, the xl
command and its exit status). Text after the line '<!-- notes -->' in an existing MANIFEST.md is
kept (hand-written notes).   usage: toolstack-trees-manifest.py DIR"""
import os, re, sys

def main(d):
    path = os.path.join(d, 'MANIFEST.md')
    notes = ''
    if os.path.exists(path):
        old = open(path).read()
        if '<!-- notes -->' in old:
            notes = old[old.index('<!-- notes -->'):]
    order = ['host', 'pv-basic', 'pv-full', 'pv-actions-a', 'pv-actions-b', 'pv-pinned', 'pvh-basic',
             'fail-nokernel', 'fail-nomem']
    cases = [c for c in order if os.path.isdir(os.path.join(d, c))]
    cases += sorted(c for c in os.listdir(d) if os.path.isdir(os.path.join(d, c)) and c not in cases
                    and c not in ('configs', 'logs', 'trace'))
    out = ['# libxl-trees: manifest', '',
           'Captured by `scripts/xenlab/capture-toolstack-trees` (one xenlab boot: Xen 4.17 + Debian 12 dom0',
           'under QEMU TCG, C xenstored with `-T`; dom0 test `scripts/xenlab/toolstack-trees-test.sh`).',
           'Files: `<case>/<NN>-<step>.xs` = `xenstore-ls -fp /` after the step; `.json` = `xl list -l DOMAIN`',
           '(`.json.err` its stderr and exit status); `.out` = the step\'s xl command: command line, `rc=`, elapsed',
           'seconds, stdout, stderr; `-list.out` / `-vcpu-list.out` = `xl list` / `xl vcpu-list`; `.states` =',
           'device states seen when the wait for Connected (4) ended; `*.txt` = copies of logs. `domid-N` = the',
           'domain id of the case\'s Nth domain. Configs: `configs/<case>.cfg`. Trace segments: `trace/`.', '']
    for c in cases:
        cd = os.path.join(d, c)
        files = sorted(os.listdir(cd))
        out.append(f'## {c}')
        out.append('')
        cfg = os.path.join(d, 'configs', c + '.cfg')
        if os.path.exists(cfg):
            out.append(f'config: `configs/{c}.cfg`' + ''.join(
                f'; {f} = {open(os.path.join(cd, f)).read().strip()}' for f in files if f.startswith('domid-')))
            out.append('')
        out.append('| step | command | rc | files |')
        out.append('|---|---|---|---|')
        steps = {}
        for f in files:
            if not re.match(r'\d\d-', f):
                continue
            base = re.sub(r'-(xl-[a-z0-9-]+|xen-hotplug)$', '', f.split('.')[0])
            base = re.sub(r'-(vcpu-list|block-list|network-list|list|sched|losetup-a|xenstored-help)$', '', base)
            steps.setdefault(base, []).append(f)
        for s, fs in sorted(steps.items()):
            cmd, rc = '', ''
            main_out = os.path.join(cd, s + '.out')
            if os.path.exists(main_out):
                t = open(main_out).read().splitlines()
                cmd = t[0][2:] if t else ''
                rc = t[1][3:] if len(t) > 1 else ''
            cmd = cmd.replace('/opt/extra/configs/', '').replace('|', '\\|')
            out.append(f'| `{s}` | `{cmd}` | {rc} | ' + ', '.join(f'`{f}`' for f in fs) + ' |')
        out.append('')
    text = '\n'.join(out) + '\n' + (notes or '<!-- notes -->\n## Notes\n\n')
    open(path, 'w').write(text)

if __name__ == '__main__':
    main(sys.argv[1])
