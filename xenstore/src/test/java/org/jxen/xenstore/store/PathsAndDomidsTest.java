package org.jxen.xenstore.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Path syntax (xenstore.txt) and the C-style number parsing the wire protocol inherits. */
class PathsAndDomidsTest {

    @Test
    void validPaths() {
        assertThat(Paths.isValidNodePath("/")).isTrue();
        assertThat(Paths.isValidNodePath("/local/domain/0/a-b_c@9")).isTrue();
    }

    @Test
    void lengthCountedSkipsWhatSscanfTakesAsADomainHome() {
        assertThat(Paths.lengthCounted("/" + "a".repeat(2047))).isEqualTo(2048);
        assertThat(Paths.lengthCounted("/local/domain/0/abc")).isEqualTo(3);
        assertThat(Paths.lengthCounted("/local/domain/12345/abc")).isEqualTo(3);
        assertThat(Paths.lengthCounted("/local/domain/-1234/abc")).isEqualTo(3);
        assertThat(Paths.lengthCounted("/local/domain/123456/abc")).isEqualTo(24);
        assertThat(Paths.lengthCounted("/local/domain/-12345/abc")).isEqualTo(24);
        assertThat(Paths.lengthCounted("/local/domain/x/abc")).isEqualTo(19);
        assertThat(Paths.lengthCounted("/local/domain/-/abc")).isEqualTo(19);
        assertThat(Paths.lengthCounted("/local/domain/7abc")).isEqualTo(18);
        assertThat(Paths.lengthCounted("/local/domain/7")).isEqualTo(15);
    }

    @Test
    void invalidPaths() {
        assertThat(Paths.isValidNodePath("")).isFalse();
        assertThat(Paths.isValidNodePath("relative")).isFalse();
        assertThat(Paths.isValidNodePath("/a/")).isFalse();
        assertThat(Paths.isValidNodePath("/a//b")).isFalse();
        assertThat(Paths.isValidNodePath("/a b")).isFalse();
        assertThat(Paths.isValidNodePath("/a.b")).isFalse();
    }

    @Test
    void canonicalAndRelations() {
        assertThat(Paths.canonical("x/y", 5)).isEqualTo("/local/domain/5/x/y");
        assertThat(Paths.canonical("/abs", 5)).isEqualTo("/abs");
        assertThat(Paths.canonical("@releaseDomain", 5)).isEqualTo("@releaseDomain");
        assertThat(Paths.parent("/a")).isEqualTo("/");
        assertThat(Paths.parent("/a/b")).isEqualTo("/a");
        assertThat(Paths.isWithin("/ab", "/a")).isFalse();
        assertThat(Paths.isWithin("/a/b", "/a")).isTrue();
        assertThat(Paths.isWithin("/a", "/")).isTrue();
    }

    @Test
    void cLongParsingLikeStrtolBaseZero() {
        assertThat(Domids.parseCLong("12")).isEqualTo(12L);
        assertThat(Domids.parseCLong("0x1f")).isEqualTo(31L);
        assertThat(Domids.parseCLong("010")).isEqualTo(8L);
        assertThat(Domids.parseCLong("-1")).isEqualTo(-1L);
        assertThat(Domids.parseCLong("0")).isEqualTo(0L);
        assertThat(Domids.parseCLong("")).isNull();
        assertThat(Domids.parseCLong("5x")).isNull();
        assertThat(Domids.parseCLong("99999999999999999999999")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void atoiParsing() {
        assertThat(Domids.parseLenient("12abc")).isEqualTo(12);
        assertThat(Domids.parseLenient("abc")).isZero();
        assertThat(Domids.parseLenient("-1")).isEqualTo(-1);
    }
}
