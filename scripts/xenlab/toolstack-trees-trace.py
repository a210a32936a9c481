#!/usr/bin/env python3
"""Cuts C xenstored's trace (-T FILE) into the segments between the markers the dom0 test writes
(a READ of /jxen-trace/begin-LABEL ... /jxen-trace/end-LABEL) and counts the requests in each.

usage: toolstack-trees-trace.py TRACE OUTDIR
Writes OUTDIR/LABEL.trace (the raw segment) and OUTDIR/counts.json / counts.md: per segment, the
requests (IN lines) by type, in total and per connection, the watch events sent (OUT WATCH_EVENT),
and the connections created and destroyed. The marker reads themselves are not counted."""
import collections, json, re, sys

LINE = re.compile(r'\b(IN|OUT) (\S+) (\d{8} \d\d:\d\d:\d\d(?:\.\d+)?) (\w+) \((.*)\)\s*$')

def main(trace, outdir):
    lines = open(trace, encoding='utf-8', errors='replace').read().splitlines()
    segs, open_segs = {}, {}
    for i, l in enumerate(lines):
        m = re.search(r'IN \S+ .* READ \(/jxen-trace/(begin|end)-(\S+) \)', l)
        if not m:
            continue
        kind, label = m.groups()
        if kind == 'begin':
            open_segs[label] = i
        elif label in open_segs:
            segs[label] = (open_segs.pop(label), i)
    result = {}
    try:  # keep the counts of segments not in this trace (a run of only some cases)
        result = json.load(open(f'{outdir}/counts.json'))
    except (OSError, ValueError):
        pass
    for label, (a, b) in segs.items():
        seg = lines[a:b + 1]
        with open(f'{outdir}/{label}.trace', 'w') as f:
            f.write('\n'.join(seg) + '\n')
        # Connection addresses are reused (a new connection often gets the address of the one just
        # closed), so a connection is its address plus the number of CREATEs seen at that address.
        gen = collections.Counter()
        def conn_id(addr):
            return f'{addr}#{gen[addr]}'
        m0, m1 = LINE.search(seg[0]), None
        marker_conns = {conn_id(m0.group(2))} if m0 else set()
        req = collections.Counter()
        per_conn = collections.defaultdict(collections.Counter)
        first_req = {}
        events = 0
        errors = collections.Counter()
        other = collections.Counter()
        connections_created = 0
        for j, l in enumerate(seg):
            if l.startswith('CREATE connection '):
                gen[l.split()[2]] += 1
                connections_created += 1
                continue
            m = LINE.search(l)
            if not m:
                w = l.split()
                if w and w[0] != 'wrl:':
                    other[' '.join(w[:2])] += 1
                continue
            d, addr, _ts, op, body = m.groups()
            conn = conn_id(addr)
            if j == len(seg) - 1:
                marker_conns.add(conn)
            if conn in marker_conns or '/jxen-trace/' in body:
                continue
            if d == 'IN':
                req[op] += 1
                per_conn[conn][op] += 1
                first_req.setdefault(conn, f'{op} {body.strip()[:100]}')
            elif op == 'WATCH_EVENT':
                events += 1
            elif op == 'ERROR':
                errors[body.strip()] += 1
        result[label] = {
            'requests_total': sum(req.values()),
            'requests': dict(sorted(req.items(), key=lambda kv: -kv[1])),
            'watch_events_sent': events,
            'connections_created': connections_created,
            'error_replies': dict(errors),
            'connections': {c: {'requests': sum(v.values()), 'first': first_req[c], 'by_type': dict(v)}
                            for c, v in sorted(per_conn.items(), key=lambda kv: -sum(kv[1].values())) if c not in marker_conns},
            'other_lines': dict(other),
        }
    with open(f'{outdir}/counts.json', 'w') as f:
        json.dump(result, f, indent=2)
        f.write('\n')
    with open(f'{outdir}/counts.md', 'w') as f:
        f.write('# XenStore requests per traced command (C xenstored -T)\n\n')
        for label, r in result.items():
            f.write(f'## {label}\n\n{r["requests_total"]} requests, {r["watch_events_sent"]} watch events sent, '
                    f'error replies: {r["error_replies"] or "none"}\n\n| type | count |\n|---|---|\n')
            for op, n in r['requests'].items():
                f.write(f'| {op} | {n} |\n')
            f.write('\nper connection (first request shown to identify it):\n\n')
            for c, v in r['connections'].items():
                f.write(f'- {c}: {v["requests"]} requests, first: `{v["first"]}`; {v["by_type"]}\n')
            f.write('\n')
    print(f'{len(result)} trace segments: ' + ', '.join(f'{k}={v["requests_total"]}' for k, v in result.items()))

if __name__ == '__main__':
    main(*sys.argv[1:])
