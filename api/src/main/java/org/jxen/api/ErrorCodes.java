package org.jxen.api;

/** XAPI's error codes jxend sends, with their parameters as XAPI's datamodel_errors.ml lists them. */
public final class ErrorCodes {
    private ErrorCodes() {
    }

    /** [uname, message] */
    public static final String SESSION_AUTHENTICATION_FAILED = "SESSION_AUTHENTICATION_FAILED";
    /** [message] */
    public static final String CHANGE_PASSWORD_REJECTED = "CHANGE_PASSWORD_REJECTED";
    /** [handle] */
    public static final String SESSION_INVALID = "SESSION_INVALID";
    /** [method] */
    public static final String MESSAGE_METHOD_UNKNOWN = "MESSAGE_METHOD_UNKNOWN";
    /** [method, expected, received] */
    public static final String MESSAGE_PARAMETER_COUNT_MISMATCH = "MESSAGE_PARAMETER_COUNT_MISMATCH";
    /** [class, handle] */
    public static final String HANDLE_INVALID = "HANDLE_INVALID";
    /** [type, uuid] */
    public static final String UUID_INVALID = "UUID_INVALID";
    /** [SR, location] (VDI.introduce: a VDI of the SR has that image already) */
    public static final String LOCATION_NOT_UNIQUE = "LOCATION_NOT_UNIQUE";
    /** [sr, location] (VDI.introduce: no such image in the SR) */
    public static final String VDI_LOCATION_MISSING = "VDI_LOCATION_MISSING";
    /** [vm, expected, actual] (states lower-case) */
    public static final String VM_BAD_POWER_STATE = "VM_BAD_POWER_STATE";
    /** [vm] */
    public static final String VM_IS_TEMPLATE = "VM_IS_TEMPLATE";
    /** [vm]: the guest did not acknowledge a clean shutdown or reboot request */
    public static final String VM_FAILED_SHUTDOWN_ACKNOWLEDGMENT = "VM_FAILED_SHUTDOWN_ACKNOWLEDGMENT";
    /** [] (a VM's BIOS strings are set once) */
    public static final String VM_BIOS_STRINGS_ALREADY_SET = "VM_BIOS_STRINGS_ALREADY_SET";
    /** [] (VM.revert of a VM that is not a snapshot) */
    public static final String REVERT_ONLY_ALLOWED_ON_SNAPSHOT = "REVERT_ONLY_ALLOWED_ON_SNAPSHOT";
    /** [snapshot, vm] (the order XAPI's xapi_vm_snapshot.ml raises them in; its datamodel lists [vm, snapshot]) */
    public static final String VM_REVERT_FAILED = "VM_REVERT_FAILED";
    /** [vm] (VM.power_state_reset of the control domain) */
    public static final String CANNOT_RESET_CONTROL_DOMAIN = "CANNOT_RESET_CONTROL_DOMAIN";
    /** [vm] (VM.power_state_reset of a VM whose domain runs) */
    public static final String DOMAIN_EXISTS = "DOMAIN_EXISTS";
    /** [message] (an XVA that cannot be imported) */
    public static final String IMPORT_ERROR = "IMPORT_ERROR";
    /** [reason] */
    public static final String OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED";
    /** [class, object, operation_type, operation_ref] */
    public static final String OTHER_OPERATION_IN_PROGRESS = "OTHER_OPERATION_IN_PROGRESS";
    /** [needed, available] (bytes) */
    public static final String HOST_NOT_ENOUGH_FREE_MEMORY = "HOST_NOT_ENOUGH_FREE_MEMORY";
    /** [vdi, operation]; [vdi] when a VBD's attach finds the VDI in another VM's use */
    public static final String VDI_IN_USE = "VDI_IN_USE";
    /** [vdi] (a read-only VDI attached read-write) */
    public static final String VDI_READONLY = "VDI_READONLY";
    /** [vbd] (only a CD drive's medium changes) */
    public static final String VBD_NOT_REMOVABLE_MEDIA = "VBD_NOT_REMOVABLE_MEDIA";
    /** [vbd] (a drive with a medium in it) */
    public static final String VBD_NOT_EMPTY = "VBD_NOT_EMPTY";
    /** [vbd] (a drive without a medium) */
    public static final String VBD_IS_EMPTY = "VBD_IS_EMPTY";
    /** [requested, maximum] */
    public static final String SR_FULL = "SR_FULL";
    /** [sr] (an operation on an SR whose PBD is unplugged) */
    public static final String SR_NO_PBDS = "SR_NO_PBDS";
    /** [sr] (a change to an ISO library's images, which jxend only reads) */
    public static final String SR_OPERATION_NOT_SUPPORTED = "SR_OPERATION_NOT_SUPPORTED";
    /** [sr] (SR.forget or SR.destroy while a PBD is plugged in) */
    public static final String SR_HAS_PBD = "SR_HAS_PBD";
    /** [] (SR.destroy of an SR with disks on it) */
    public static final String SR_NOT_EMPTY = "SR_NOT_EMPTY";
    /** [uuid] (SR.introduce with another SR's UUID) */
    public static final String SR_UUID_EXISTS = "SR_UUID_EXISTS";
    /** [driver] (an SR type jxend has no driver for) */
    public static final String SR_UNKNOWN_DRIVER = "SR_UNKNOWN_DRIVER";
    /** [sr, host, pbd] (a second PBD of one SR on the host) */
    public static final String PBD_EXISTS = "PBD_EXISTS";
    /** [vm, sr] (a VM started or resumed with a disk on an SR the host has unplugged) */
    public static final String VM_REQUIRES_SR = "VM_REQUIRES_SR";
    /** [vifs...] (network.destroy of a network with VIFs plugged in) */
    public static final String NETWORK_CONTAINS_VIF = "NETWORK_CONTAINS_VIF";
    /** [pifs...] (network.destroy of a network with the host's interfaces on it) */
    public static final String NETWORK_CONTAINS_PIF = "NETWORK_CONTAINS_PIF";
    /** [bridge] (network.create naming another network's bridge) */
    public static final String BRIDGE_NAME_EXISTS = "BRIDGE_NAME_EXISTS";
    /** [bridge] (a VIF on an unmanaged network whose bridge the host does not have) */
    public static final String BRIDGE_NOT_AVAILABLE = "BRIDGE_NOT_AVAILABLE";
    /** [network] (a VLAN on a network jxend does not manage) */
    public static final String NETWORK_UNMANAGED = "NETWORK_UNMANAGED";
    /** [host, PIF] (the host has a PIF on the network already) */
    public static final String NETWORK_ALREADY_CONNECTED = "NETWORK_ALREADY_CONNECTED";
    /** [PIF] */
    public static final String PIF_UNMANAGED = "PIF_UNMANAGED";
    /** [PIF] (a VLAN on a VLAN's PIF) */
    public static final String PIF_IS_VLAN = "PIF_IS_VLAN";
    /** [] (PIF.destroy of the host's interface) */
    public static final String PIF_IS_PHYSICAL = "PIF_IS_PHYSICAL";
    /** [device] (that VLAN of that PIF exists) */
    public static final String PIF_VLAN_EXISTS = "PIF_VLAN_EXISTS";
    /** [device, vlan] (dom0 has that VLAN's interface already) */
    public static final String VLAN_IN_USE = "VLAN_IN_USE";
    /** [VLAN] (not 0 to 4094) */
    public static final String VLAN_TAG_INVALID = "VLAN_TAG_INVALID";
    /** [PIF] (the host is managed through it) */
    public static final String PIF_IS_MANAGEMENT_IFACE = "PIF_IS_MANAGEMENT_IFACE";
    /** [PIF] */
    public static final String PIF_DOES_NOT_ALLOW_UNPLUG = "PIF_DOES_NOT_ALLOW_UNPLUG";
    /** [network, VIF] (a VIF on the PIF's network is plugged in) */
    public static final String VIF_IN_USE = "VIF_IN_USE";
    /** [field] */
    public static final String FIELD_TYPE_ERROR = "FIELD_TYPE_ERROR";
    /** [field, value] */
    public static final String INVALID_VALUE = "INVALID_VALUE";
    /** [field, value, reason] */
    public static final String VALUE_NOT_SUPPORTED = "VALUE_NOT_SUPPORTED";
    /** [type, param_name, uuid, key] */
    public static final String MAP_DUPLICATE_KEY = "MAP_DUPLICATE_KEY";
    /** [device] */
    public static final String DEVICE_ALREADY_ATTACHED = "DEVICE_ALREADY_ATTACHED";
    /** [device] */
    public static final String DEVICE_ALREADY_DETACHED = "DEVICE_ALREADY_DETACHED";
    /** [device] (VBD.create, VIF.create: the VM has a device there) */
    public static final String DEVICE_ALREADY_EXISTS = "DEVICE_ALREADY_EXISTS";
    /** [device] (VBD.create, VIF.create: not a device position or name; no free position left) */
    public static final String INVALID_DEVICE = "INVALID_DEVICE";
    /** [vbd] */
    public static final String VBD_NOT_UNPLUGGABLE = "VBD_NOT_UNPLUGGABLE";
    /** [token] */
    public static final String EVENT_FROM_TOKEN_PARSE_FAILURE = "EVENT_FROM_TOKEN_PARSE_FAILURE";
    /** [] */
    public static final String EVENTS_LOST = "EVENTS_LOST";
    /** [trackid=MD5 of the session's reference] (event.next before event.register) */
    public static final String SESSION_NOT_REGISTERED = "SESSION_NOT_REGISTERED";
    /** [task] */
    public static final String TASK_CANCELLED = "TASK_CANCELLED";
    /** [] */
    public static final String NO_HOSTS_AVAILABLE = "NO_HOSTS_AVAILABLE";
    /** [errors] (host.assert_can_evacuate: each VM's "CODE,params" joined by "|") */
    public static final String CANNOT_EVACUATE_HOST = "CANNOT_EVACUATE_HOST";
    /** [host] (a VM started or resumed on a host that was disabled) */
    public static final String HOST_DISABLED = "HOST_DISABLED";
    /** [function] */
    public static final String NOT_IMPLEMENTED = "NOT_IMPLEMENTED";
    /** [task] (VM.wait_memory_target_live: the balloon did not reach its target in 256 s) */
    public static final String VM_MEMORY_TARGET_WAIT_TIMEOUT = "VM_MEMORY_TARGET_WAIT_TIMEOUT";
    /** [message] */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
}
