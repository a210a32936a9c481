/** jxl and jxsim. picocli reads the commands' annotations reflectively. */
module org.jxen.cli {
    requires org.jxen.config;
    requires org.jxen.sim;
    requires org.jxen.toolstack;
    requires org.jxen.api;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    opens org.jxen.cli to info.picocli;
}
