/** xl.cfg in, {@code DomainConfig} inside, libxl's JSON out. */
module org.jxen.config {
    requires com.fasterxml.jackson.databind;

    exports org.jxen.config;
}
