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
/local/domain/4 = ""   (n0,r4)
/local/domain/4/vm = "/vm/4a7d2c1e-9b3f-4e6a-8c5d-1f2e3d4c5b6a"   (n0,r4)
/local/domain/4/name = "pv-full-renamed" 
/local/domain/4/cpu:

/local/domain/4/memory:

/local/domain/4/device:

/local/domain/4/control:

/local/domain/4/data:

/local/domain/4/drivers:

/local/domain/4/feature:

/local/domain/4/attr:

/local/domain/4/error:

/local/domain/4/domid:

/local/domain/4/store:

/local/pool = ""   (n0)
/local/pool/0 = ""   (n0)
/local/pool/0/name = "Pool-0"   (n0)
/vm = ""   (n0)
/libxl = ""   (n0)
