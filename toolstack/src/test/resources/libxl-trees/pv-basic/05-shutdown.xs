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
/local/domain/0/backend/vif/1 = ""   (n0)
/local/domain/0/backend/vif/1/0 = ""   (n0,r1)
/local/domain/0/backend/vif/1/0/frontend:

/local/domain/0/backend/vif/1/0/frontend-id:

/local/domain/0/backend/vif/1/0/online:

/local/domain/0/backend/vif/1/0/state:

/local/domain/0/backend/vif/1/0/script:

/local/domain/0/backend/vif/1/0/mac:

/local/domain/0/backend/vif/1/0/bridge:

/local/domain/0/backend/vif/1/0/handle:

/local/domain/0/backend/vif/1/0/type:

/local/domain/0/backend/vif/1/0/feature-sg:

/local/domain/0/backend/vif/1/0/feature-gso-tcpv4:

/local/domain/0/backend/vif/1/0/feature-gso-tcpv6:

/local/domain/0/backend/vif/1/0/feature-ipv6-csum-offload:

/local/domain/0/backend/vif/1/0/feature-rx-copy:

/local/domain/0/backend/vif/1/0/feature-xdp-headroom:

/local/domain/0/backend/vif/1/0/feature-rx-flip:

/local/domain/0/backend/vif/1/0/feature-multicast-control:

/local/domain/0/backend/vif/1/0/feature-dynamic-multicast-control:

/local/domain/0/backend/vif/1/0/feature-split-event-channels:

/local/domain/0/backend/vif/1/0/multi-queue-max-queues:

/local/domain/0/backend/vif/1/0/feature-ctrl-ring:

/local/domain/1:

/local/pool = ""   (n0)
/local/pool/0 = ""   (n0)
/local/pool/0/name = "Pool-0"   (n0)
/vm = ""   (n0)
/libxl = ""   (n0)
