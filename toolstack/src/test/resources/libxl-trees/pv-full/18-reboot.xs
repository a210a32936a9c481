/tool = ""   (n0)
/tool/xenstored = ""   (n0)
/local = ""   (n0)
/local/domain = ""   (n0)
/local/domain/0 = ""   (n0)
/local/domain/0/control = ""   (n0)
/local/domain/0/control/feature-poweroff = "1"   (n0)
/local/domain/0/control/feature-reboot = "1"   (n0)
/local/domain/0/control/feature-suspend = "1"   (n0)
/local/domain/0/domid = "0"   (n0)
/local/domain/0/name = "Domain-0"   (n0)
/local/domain/0/backend = ""   (n0)
/local/domain/0/backend/vif = ""   (n0)
/local/domain/0/backend/vif/3 = ""   (n0)
/local/domain/0/backend/vif/3/0 = ""   (n0,r3)
/local/domain/0/backend/vif/3/0/frontend = "/local/domain/3/device/vif/0"   (n0,r3)
/local/domain/0/backend/vif/3/0/frontend-id = "3"   (n0,r3)
/local/domain/0/backend/vif/3/0/online = "0"   (n0,r3)
/local/domain/0/backend/vif/3/0/state = "6"   (n0,r3)
/local/domain/0/backend/vif/3/0/script = "/etc/xen/scripts/vif-trees"   (n0,r3)
/local/domain/0/backend/vif/3/0/mac = "00:16:3e:4a:7d:01"   (n0,r3)
/local/domain/0/backend/vif/3/0/bridge = "xenbr0"   (n0,r3)
/local/domain/0/backend/vif/3/0/handle = "0"   (n0,r3)
/local/domain/0/backend/vif/3/0/type = "vif"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-sg = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-gso-tcpv4 = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-gso-tcpv6 = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-ipv6-csum-offload = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-rx-copy = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-xdp-headroom = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-rx-flip = "0"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-multicast-control = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-dynamic-multicast-control = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-split-event-channels = "1"   (n0,r3)
/local/domain/0/backend/vif/3/0/multi-queue-max-queues = "2"   (n0,r3)
/local/domain/0/backend/vif/3/0/feature-ctrl-ring = "1"   (n0,r3)
/local/domain/3 = ""   (n0,r3)
/local/domain/3/vm = "/vm/4a7d2c1e-9b3f-4e6a-8c5d-1f2e3d4c5b6a"   (n0,r3)
/local/domain/3/name = "pv-full"   (n0,r3)
/local/domain/3/cpu = ""   (n0,r3)
/local/domain/3/cpu/0 = ""   (n0,r3)
/local/domain/3/cpu/0/availability = "online"   (n0,r3)
/local/domain/3/cpu/1 = ""   (n0,r3)
/local/domain/3/cpu/1/availability = "offline"   (n0,r3)
/local/domain/3/cpu/2 = ""   (n0,r3)
/local/domain/3/cpu/2/availability = "offline"   (n0,r3)
/local/domain/3/cpu/3 = ""   (n0,r3)
/local/domain/3/cpu/3/availability = "offline"   (n0,r3)
/local/domain/3/memory = ""   (n0,r3)
/local/domain/3/memory/static-max = "204800"   (n0,r3)
/local/domain/3/memory/target = "102400"   (n0,r3)
/local/domain/3/memory/videoram = "0"   (n0,r3)
/local/domain/3/device = ""   (n0,r3)
/local/domain/3/device/suspend = ""   (n0,r3)
/local/domain/3/device/suspend/event-channel = ""   (n3)
/local/domain/3/control = ""   (n0,r3)
/local/domain/3/control/shutdown = ""   (n3)
/local/domain/3/control/feature-poweroff = "1"   (n3)
/local/domain/3/control/feature-reboot = "1"   (n3)
/local/domain/3/control/feature-suspend = "1"   (n3)
/local/domain/3/control/sysrq:

/local/domain/3/control/platform-feature-multiprocessor-suspend:

/local/domain/3/control/platform-feature-xs_reset_watches:

/local/domain/3/data:

/local/domain/3/drivers:

/local/domain/3/feature:

/local/domain/3/attr:

/local/domain/3/error:

/local/domain/3/domid:

/local/domain/3/store:

/local/pool = ""   (n0)
/local/pool/0 = ""   (n0)
/local/pool/0/name = "Pool-0"   (n0)
/vm = ""   (n0)
/libxl = ""   (n0)
