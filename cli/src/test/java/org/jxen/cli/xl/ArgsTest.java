package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxen.cli.xl.Args.Opt.flag;
import static org.jxen.cli.xl.Args.Opt.valued;

import java.util.List;
import org.junit.jupiter.api.Test;

/** jxl's reading of a subcommand's arguments, by getopt_long's rules (as xl's), and its errors in getopt's words. */
class ArgsTest {
    private static final List<Args.Opt> OPTS = List.of(flag('w', "wait", ""), flag('a', "all", ""),
            valued('d', "domain", "D", ""));

    private static Args parse(String... args) throws XlFailure {
        return Args.parse(OPTS, List.of(args));
    }

    @Test
    void bundledFlagsAndAttachedOrNextValues() throws XlFailure {
        Args a = parse("-wa", "-dalpha", "x");
        assertThat(a.has('w')).isTrue();
        assertThat(a.has('a')).isTrue();
        assertThat(a.value('d')).isEqualTo("alpha");
        assertThat(a.positional()).containsExactly("x");
        assertThat(parse("-d", "beta").value('d')).isEqualTo("beta");
        assertThat(parse("-wd", "beta").value('d')).isEqualTo("beta");
    }

    @Test
    void longOptionsWithEqualsOrNext() throws XlFailure {
        assertThat(parse("--domain=a").value('d')).isEqualTo("a");
        assertThat(parse("--domain", "b", "--wait").value('d')).isEqualTo("b");
        assertThat(parse("--wait").has('w')).isTrue();
    }

    @Test
    void optionsEndAtTheFirstPositionalOrAtDoubleDash() throws XlFailure {
        Args a = parse("dom", "-w", "--", "-a", "-"); // as xl's "+": mem-set alpha -5m asks for -5m
        assertThat(a.has('w')).isFalse();
        assertThat(a.positional()).containsExactly("dom", "-w", "--", "-a", "-");
        Args b = parse("-w", "--", "-a", "-");
        assertThat(b.has('w')).isTrue();
        assertThat(b.has('a')).isFalse();
        assertThat(b.positional()).containsExactly("-a", "-");
        assertThat(parse("-").positional()).containsExactly("-");
        assertThat(b.positional(5)).isNull();
        assertThat(b.value('d')).isNull();
    }

    @Test
    void errorsSayWhatGetoptSays() {
        assertThatThrownBy(() -> parse("-x")).hasMessage("invalid option -- 'x'");
        assertThatThrownBy(() -> parse("-d")).hasMessage("option requires an argument -- 'd'");
        assertThatThrownBy(() -> parse("--nope")).hasMessage("unrecognized option '--nope'");
        assertThatThrownBy(() -> parse("--domain")).hasMessage("option '--domain' requires an argument");
        assertThatThrownBy(() -> parse("--wait=1")).hasMessage("option '--wait' doesn't allow an argument");
    }
}
