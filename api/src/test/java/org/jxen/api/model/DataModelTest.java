package org.jxen.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.api.DateTimes;
import org.junit.jupiter.api.Test;

/**
 * The shipped model (xenapi.model): the classes, fields and messages jxend relies on are there with
 * XAPI's signatures, generic messages are derived as XAPI derives them, and values handed out can't
 * corrupt the model. Does not cover the SDK comparison (SdkRecordsTest) or coercion rules
 * (TypeCoercionTest).
 */
class DataModelTest {
    private static final DataModel MODEL = DataModel.xenApi();

    private static Message message(String cls, String name) {
        return MODEL.cls(cls).message(name).orElseThrow(() -> new AssertionError("no message " + cls + "." + name));
    }

    private static List<String> paramNames(Message m) {
        return m.params().stream().map(Param::name).toList();
    }

    @Test
    void classes_areXapisOrderAndCounted() {
        assertThat(MODEL.classes()).extracting(ApiClass::name).containsExactly(
                "session", "task", "event", "pool", "VM", "VM_metrics", "VM_guest_metrics", "host", "host_metrics",
                "host_cpu", "network", "VIF", "VIF_metrics", "PIF", "PIF_metrics", "VLAN", "SR", "VDI", "VBD", "VBD_metrics",
                "PBD", "console", "user", "message");
        int fields = MODEL.classes().stream().mapToInt(c -> c.fields().size()).sum();
        int messages = MODEL.classes().stream().mapToInt(c -> c.messages().size()).sum();
        System.out.printf("model: %d classes, %d fields, %d messages%n", MODEL.classes().size(), fields, messages);
        assertThat(fields).isEqualTo(532);
        assertThat(MODEL.apiVersionMajor()).isEqualTo(2);
        assertThat(MODEL.apiVersionMinor()).isEqualTo(21);
    }

    @Test
    void namespacedFields_haveXapisDatabaseColumns() {
        ApiClass vm = MODEL.cls("VM");
        assertThat(vm.namespaces()).containsExactly("name", "memory", "VCPUs", "actions", "PV", "HVM");
        assertThat(vm.column(vm.field("memory_overhead").orElseThrow())).isEqualTo("memory__overhead");
        assertThat(vm.fieldOfColumn("actions__after_crash")).map(Field::name).contains("actions_after_crash");
        assertThat(vm.fieldOfColumn("actions_after_crash")).isEmpty();
        assertThat(vm.fieldOfColumn("power_state")).map(Field::name).contains("power_state");
        assertThat(MODEL.cls("pool").fieldOfColumn("name_label")).as("pool's name_label is a plain field").isPresent();
        assertThat(MODEL.cls("VM_guest_metrics").fieldOfColumn("PV_drivers_version")).isPresent();
        assertThat(MODEL.cls("host").fieldOfColumn("API_version__major")).isPresent();
        assertThat(MODEL.cls("VBD_metrics").fieldOfColumn("io__read_kbs")).isPresent();
        for (ApiClass c : MODEL.classes()) {
            assertThat(c.namespaces().contains("name")).as(c.name() + " has get_by_name_label exactly when it has the name namespace")
                    .isEqualTo(c.message("get_by_name_label").isPresent());
        }
    }

    @Test
    void find_isCaseInsensitive_cls_throwsWhenMissing() {
        assertThat(MODEL.find("vm_guest_metrics")).map(ApiClass::name).contains("VM_guest_metrics");
        assertThat(MODEL.find("bond")).isEmpty();
        assertThatThrownBy(() -> MODEL.cls("bond")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bond");
    }

    @Test
    void vmFields_haveXapisTypesQualifiersAndDefaults() {
        ApiClass vm = MODEL.cls("VM");
        assertThat(vm.fields().subList(0, 5)).extracting(Field::name)
                .containsExactly("uuid", "allowed_operations", "current_operations", "name_label", "name_description");
        Field power = vm.field("power_state").orElseThrow();
        assertThat(power.type().describe()).isEqualTo("enum vm_power_state");
        assertThat(((Type.EnumType) power.type()).values()).containsExactly("Halted", "Paused", "Running", "Suspended");
        assertThat(power.qualifier()).isEqualTo(Qualifier.STATIC_RO);
        assertThat(power.defaultValue()).isEqualTo("Halted");
        assertThat(vm.field("blocked_operations").orElseThrow().type().describe())
                .isEqualTo("(enum vm_operations -> string) map");
        assertThat(vm.field("VBDs").orElseThrow().type()).isEqualTo(new Type.SetType(new Type.RefType("VBD")));
        assertThat(vm.field("HVM_shadow_multiplier").orElseThrow().defaultValue()).isEqualTo(1.0);
        assertThat(vm.field("generation_id").orElseThrow().defaultValue()).isEqualTo("0:0");
        assertThat(vm.field("snapshot_time").orElseThrow().defaultValue()).isEqualTo(DateTimes.NEVER);
        assertThat(vm.field("snapshot_of").orElseThrow().defaultValue()).isEqualTo("OpaqueRef:NULL");
        assertThat(vm.field("actions_after_crash").orElseThrow().defaultValue()).isEqualTo("destroy");
        assertThat(vm.field("name_label").orElseThrow().qualifier()).isEqualTo(Qualifier.RW);
        assertThat(vm.field("is_snapshot_from_vmpp")).as("Removed in the datamodel, still in XAPI's records").isPresent();
        assertThat(vm.field("recommended_guidances")).as("internal_only: never on the wire").isEmpty();
        assertThat(MODEL.cls("host").field("license_server").orElseThrow().defaultValue())
                .isEqualTo(Map.of("address", "localhost", "port", "27000"));
    }

    @Test
    void genericMessages_haveXapisArity() {
        assertThat(message("VM", "get_power_state").params()).extracting(Param::type).containsExactly(new Type.RefType("VM"));
        assertThat(message("VM", "get_power_state").result().describe()).isEqualTo("enum vm_power_state");
        assertThat(paramNames(message("VM", "set_name_label"))).containsExactly("self", "value");
        assertThat(paramNames(message("VM", "add_to_xenstore_data"))).containsExactly("self", "key", "value");
        assertThat(paramNames(message("VM", "remove_from_xenstore_data"))).containsExactly("self", "key");
        assertThat(paramNames(message("VM", "add_tags"))).containsExactly("self", "value");
        assertThat(message("VM", "add_tags").params().get(1).type()).isEqualTo(new Type.StringType());
        assertThat(message("VM", "get_all_records").params()).isEmpty();
        assertThat(message("VM", "get_all_records").result().describe()).isEqualTo("(VM ref -> VM record) map");
        assertThat(message("VM", "get_record").result()).isEqualTo(new Type.RecordType("VM"));
        assertThat(message("VM", "get_by_name_label").result().describe()).isEqualTo("VM ref set");
        assertThat(message("VM", "create").async()).isTrue();
        assertThat(message("VM", "get_record").async()).isFalse();
        assertThat(message("pool", "get_all").result().describe()).isEqualTo("pool ref set");
        assertThat(message("pool", "add_to_other_config").params()).hasSize(3);
        assertThat(message("session", "get_this_host").params()).hasSize(1);
        assertThat(message("host", "get_API_version_major").result()).isEqualTo(new Type.IntType());
    }

    @Test
    void genericMessages_followXapisRules() {
        ApiClass vm = MODEL.cls("VM");
        assertThat(vm.message("set_power_state")).as("StaticRO: no setter").isEmpty();
        assertThat(vm.message("set_uuid")).as("DynamicRO: no setter").isEmpty();
        assertThat(vm.message("add_to_other_config").orElseThrow().params()).as("explicit in XAPI").hasSize(3);
        assertThat(MODEL.cls("pool").message("get_by_name_label")).as("pool's name_label is a plain field").isEmpty();
        assertThat(MODEL.cls("session").message("get_all")).as("XAPI exposes no session.get_all").isEmpty();
        assertThat(MODEL.cls("host").message("create").orElseThrow().params()).as("explicit host.create").hasSizeGreaterThan(5);
        assertThat(MODEL.cls("event").messages()).extracting(Message::name)
                .containsExactly("register", "unregister", "next", "from", "get_current_id", "inject");
        assertThat(vm.messages()).extracting(Message::name).startsWith("get_record", "get_by_uuid", "create", "destroy",
                "get_by_name_label", "get_uuid").endsWith("get_all", "get_all_where", "get_all_records_where", "get_all_records");
    }

    /** GenericMessages gives every RW set a setter; XAPI doesn't for a one-to-many ref set, so none may exist. */
    @Test
    void noRwSetOfRefs() {
        for (ApiClass c : MODEL.classes()) {
            for (Field f : c.fields()) {
                if (f.qualifier() == Qualifier.RW && f.type() instanceof Type.SetType s) {
                    assertThat(s.element()).as(c.name() + "." + f.name()).isNotInstanceOf(Type.RefType.class);
                }
            }
        }
    }

    @Test
    void explicitMessages_haveXapisSignatures() {
        Message login = message("session", "login_with_password");
        assertThat(login.takesSession()).isFalse();
        assertThat(paramNames(login)).containsExactly("uname", "pwd", "version", "originator");
        assertThat(login.params()).extracting(Param::optional).containsExactly(false, false, true, true);
        assertThat(login.params()).extracting(Param::defaultValue).containsExactly(null, null, "1.1", "");
        assertThat(login.requiredParams()).isEqualTo(2);
        assertThat(login.result()).isEqualTo(new Type.RefType("session"));

        Message start = message("VM", "start");
        assertThat(start.async()).isTrue();
        assertThat(start.takesSession()).isTrue();
        assertThat(paramNames(start)).containsExactly("vm", "start_paused", "force");
        assertThat(start.result()).isNull();
        assertThat(start.wireName("VM")).isEqualTo("VM.start");

        Message snapshot = message("VM", "snapshot");
        assertThat(paramNames(snapshot)).containsExactly("vm", "new_name", "ignore_vdis");
        assertThat(snapshot.params().get(2).defaultValue()).isEqualTo(List.of());
        assertThat(snapshot.requiredParams()).isEqualTo(2);

        assertThat(paramNames(message("VM", "set_memory_limits")))
                .containsExactly("self", "static_min", "static_max", "dynamic_min", "dynamic_max");
        assertThat(paramNames(message("VM", "copy"))).containsExactly("vm", "new_name", "sr");
        assertThat(message("event", "from").params()).extracting(p -> p.type().describe())
                .containsExactly("string set", "string", "float");
        assertThat(message("event", "inject").result()).isEqualTo(new Type.StringType());
        assertThat(message("message", "get_since").result().describe()).isEqualTo("(message ref -> message record) map");
        assertThat(message("task", "create").async()).isFalse();
        assertThat(message("host", "get_servertime").result()).isEqualTo(new Type.DateTimeType());
    }

    /** The reference's section 4 calls, each with its parameter count after the session. */
    @Test
    void referenceSurface_isThere() {
        Map<String, Integer> calls = Map.ofEntries(
                Map.entry("session.logout", 0), Map.entry("session.get_all_subject_identifiers", 0),
                Map.entry("task.create", 2), Map.entry("task.destroy", 1), Map.entry("task.cancel", 1),
                Map.entry("task.set_status", 2), Map.entry("task.set_progress", 2), Map.entry("event.from", 3),
                Map.entry("event.inject", 2), Map.entry("pool.get_master", 1), Map.entry("host.call_plugin", 4),
                Map.entry("host.get_resident_VMs", 1), Map.entry("VM.start_on", 4), Map.entry("VM.clean_shutdown", 1),
                Map.entry("VM.hard_shutdown", 1), Map.entry("VM.clean_reboot", 1), Map.entry("VM.hard_reboot", 1),
                Map.entry("VM.pause", 1), Map.entry("VM.unpause", 1), Map.entry("VM.suspend", 1), Map.entry("VM.resume", 3),
                Map.entry("VM.resume_on", 4), Map.entry("VM.clone", 2), Map.entry("VM.checkpoint", 2),
                Map.entry("VM.provision", 1), Map.entry("VM.get_allowed_VBD_devices", 1),
                Map.entry("VM.get_allowed_VIF_devices", 1), Map.entry("VM.assert_can_boot_here", 2),
                Map.entry("VM.copy_bios_strings", 2), Map.entry("VM.set_memory", 2), Map.entry("VM.set_memory_dynamic_range", 3),
                Map.entry("VM.set_VCPUs_number_live", 2), Map.entry("VM.set_VCPUs_max", 2),
                Map.entry("VM.set_VCPUs_at_startup", 2), Map.entry("VM.destroy", 1), Map.entry("VDI.create", 1),
                Map.entry("VDI.destroy", 1), Map.entry("VDI.resize", 2), Map.entry("VDI.copy", 1), Map.entry("VDI.clone", 1),
                Map.entry("VDI.snapshot", 1), Map.entry("VBD.create", 1), Map.entry("VBD.destroy", 1), Map.entry("VBD.plug", 1),
                Map.entry("VBD.unplug", 1), Map.entry("VBD.unplug_force", 1), Map.entry("VBD.insert", 2),
                Map.entry("VBD.eject", 1), Map.entry("VIF.create", 1), Map.entry("VIF.destroy", 1), Map.entry("VIF.plug", 1),
                Map.entry("VIF.unplug", 1), Map.entry("SR.scan", 1), Map.entry("PBD.plug", 1), Map.entry("PBD.unplug", 1),
                Map.entry("host.get_servertime", 1), Map.entry("message.create", 5), Map.entry("message.destroy", 1),
                Map.entry("message.get_since", 1), Map.entry("network.get_MTU", 1), Map.entry("VM_guest_metrics.get_networks", 1));
        List<String> wrong = new ArrayList<>();
        calls.forEach((call, arity) -> {
            String[] parts = call.split("\\.");
            var m = MODEL.cls(parts[0]).message(parts[1]);
            if (m.isEmpty() || m.get().requiredParams() != arity) {
                wrong.add(call + (m.isEmpty() ? " missing" : " takes " + m.get().requiredParams()));
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void newRecord_isFullAndIndependentOfTheModel() {
        ApiClass vm = MODEL.cls("VM");
        Map<String, Object> a = vm.newRecord();
        assertThat(a.keySet()).containsExactlyElementsOf(vm.fields().stream().map(Field::name).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> otherConfig = (Map<String, Object>) a.get("other_config");
        otherConfig.put("k", "v");
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) a.get("tags");
        tags.add("t");
        assertThat(vm.newRecord().get("other_config")).isEqualTo(Map.of());
        assertThat(vm.field("tags").orElseThrow().defaultValue()).isEqualTo(List.of());
        assertThatThrownBy(() -> ((List<Object>) MODEL.cls("host").field("virtual_hardware_platform_versions")
                .orElseThrow().defaultValue()).add(1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Type.RecordType("VM").emptyValue()).isEqualTo(vm.newRecord());
    }

    /** describe() prints what the model file is written in, so reading it back gives the same type. */
    @Test
    void describe_readsBackAsTheSameType() {
        Map<String, Type.EnumType> enums = new java.util.HashMap<>();
        List<Type> all = new ArrayList<>();
        for (ApiClass c : MODEL.classes()) {
            c.fields().forEach(f -> all.add(f.type()));
            for (Message m : c.messages()) {
                m.params().forEach(p -> all.add(p.type()));
                if (m.result() != null) {
                    all.add(m.result());
                }
            }
        }
        all.forEach(t -> collectEnums(t, enums));
        for (Type t : all) {
            assertThat(TypeParser.parse(t.describe(), enums)).isEqualTo(t);
        }
    }

    private static void collectEnums(Type t, Map<String, Type.EnumType> into) {
        switch (t) {
            case Type.EnumType e -> into.put(e.name(), e);
            case Type.SetType s -> collectEnums(s.element(), into);
            case Type.MapType m -> {
                collectEnums(m.key(), into);
                collectEnums(m.value(), into);
            }
            default -> {
            }
        }
    }
}
