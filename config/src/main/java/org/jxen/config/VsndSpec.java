package org.jxen.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jxen.config.DomainConfig.PcmFormat;
import org.jxen.config.DomainConfig.StreamType;
import org.jxen.config.DomainConfig.Vsnd;
import org.jxen.config.DomainConfig.VsndParams;
import org.jxen.config.DomainConfig.VsndPcm;
import org.jxen.config.DomainConfig.VsndStream;

/**
 * vsnd=[ [ "card, ...", "pcm, ...", "stream, ...", ... ], ... ]: one list per sound card, read as
 * xl 4.17 reads it. Each item's words are strtok's at commas, spaces before a word skipped; the
 * first word says what the item is (card, pcm or stream, in any case), the rest set that thing: a
 * card item the card (again and again), a pcm item a new PCM, a stream item a new stream of the
 * last PCM (a PCM of its own when there is none yet). Values are taken as written, a repeated key's
 * last one wins. Where xl's own code crashes (an empty sample-rates= or sample-formats= list) jxen
 * refuses the config instead.
 */
final class VsndSpec {
    private final Position where;
    private String backend;
    private String shortName;
    private String longName;
    private final Params params = new Params();
    private final List<Pcm> pcms = new ArrayList<>();

    private VsndSpec(Position where) {
        this.where = where;
    }

    /** The sound cards of vsnd=, none without it. */
    static List<Vsnd> read(XlValues values) throws ConfigException {
        List<Vsnd> cards = new ArrayList<>();
        Optional<XlConfig.Setting> setting = values.config().get("vsnd");
        if (setting.isEmpty()) {
            return cards;
        }
        if (!(setting.get().value() instanceof Value.ListValue list)) {
            values.list("vsnd"); // a single value: xl warns and goes on without sound cards (measured)
            return cards;
        }
        Position where = setting.get().position();
        for (Value card : list.items()) {
            if (!(card instanceof Value.ListValue items)) { // each card is a list of strings
                throw new ConfigException(where, "Failed to get vsnd card list: Invalid argument");
            }
            VsndSpec spec = new VsndSpec(where);
            for (Value item : items.items()) {
                if (!(item instanceof Value.Atom a)) {
                    break; // xl's list walk ends at an item that is not a string
                }
                spec.item(a.text());
            }
            cards.add(spec.card(cards.size()));
        }
        return cards;
    }

    private void item(String text) throws ConfigException {
        List<String> words = DeviceKeys.words(text).stream().map(DeviceKeys::unspaced).toList();
        if (words.isEmpty()) {
            return;
        }
        String kind = words.getFirst();
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "card" -> {
                for (String word : words.subList(1, words.size())) {
                    cardSetting(word);
                }
            }
            case "pcm" -> {
                pcms.add(new Pcm());
                for (String word : words.subList(1, words.size())) {
                    pcms.getLast().setting(word);
                }
            }
            case "stream" -> {
                if (pcms.isEmpty()) {
                    pcms.add(new Pcm());
                }
                Stream stream = new Stream();
                pcms.getLast().streams.add(stream);
                for (String word : words.subList(1, words.size())) {
                    stream.setting(word);
                }
            }
            default -> throw new ConfigException(where, "Invalid key: " + kind);
        }
    }

    private void cardSetting(String word) throws ConfigException {
        if (params.setting(word)) {
            return;
        }
        if (word.startsWith("backend=")) {
            backend = word.substring("backend=".length());
        } else if (word.startsWith("short-name=")) {
            shortName = word.substring("short-name=".length());
        } else if (word.startsWith("long-name=")) {
            longName = word.substring("long-name=".length());
        } else {
            throw invalidParameter(word);
        }
    }

    private ConfigException invalidParameter(String word) {
        return new ConfigException(where, "Invalid parameter: " + word);
    }

    private Vsnd card(int devid) {
        return new Vsnd(backend, devid, shortName, longName, params.read(), pcms.stream().map(Pcm::read).toList());
    }

    private final class Pcm {
        private String name;
        private final Params params = new Params();
        private final List<Stream> streams = new ArrayList<>();

        void setting(String word) throws ConfigException {
            if (params.setting(word)) {
                return;
            }
            if (!word.startsWith("name=")) {
                throw invalidParameter(word);
            }
            name = word.substring("name=".length());
        }

        VsndPcm read() {
            return new VsndPcm(name, params.read(), streams.stream().map(Stream::read).toList());
        }
    }

    private final class Stream {
        private String uniqueId;
        private StreamType type;
        private final Params params = new Params();

        void setting(String word) throws ConfigException {
            if (params.setting(word)) {
                return;
            }
            if (word.startsWith("unique-id=")) {
                uniqueId = word.substring("unique-id=".length());
            } else if (word.startsWith("type=")) {
                String name = word.substring("type=".length());
                type = Arrays.stream(StreamType.values()).filter(t -> DomainConfig.jsonName(t).equalsIgnoreCase(name))
                        .findFirst().orElseThrow(() -> new ConfigException(where, "Invalid stream type: " + name));
            } else {
                throw invalidParameter(word);
            }
        }

        VsndStream read() {
            return new VsndStream(uniqueId, type, params.read());
        }
    }

    /** libxl_vsnd_params as xl sets them: the numbers by {@code strtoul(value, NULL, 0)} cut to 32 bits. */
    private final class Params {
        private List<Integer> sampleRates;
        private List<PcmFormat> sampleFormats;
        private int channelsMin;
        private int channelsMax;
        private int bufferSize;

        /** Takes {@code word} if it is one of the parameters every level has. */
        boolean setting(String word) throws ConfigException {
            if (word.startsWith("sample-rates=")) {
                sampleRates = new ArrayList<>();
                for (String rate : list(word, "sample-rates=")) {
                    sampleRates.add((int) CNumbers.strtoul(rate, 0));
                }
            } else if (word.startsWith("sample-formats=")) {
                sampleFormats = new ArrayList<>();
                for (String format : list(word, "sample-formats=")) {
                    sampleFormats.add(Arrays.stream(PcmFormat.values())
                            .filter(f -> DomainConfig.jsonName(f).equalsIgnoreCase(format)).findFirst()
                            .orElseThrow(() -> new ConfigException(where, "Invalid pcm format: " + format)));
                }
            } else if (word.startsWith("channels-min=")) {
                channelsMin = (int) CNumbers.strtoul(word.substring("channels-min=".length()), 0);
            } else if (word.startsWith("channels-max=")) {
                channelsMax = (int) CNumbers.strtoul(word.substring("channels-max=".length()), 0);
            } else if (word.startsWith("buffer-size=")) {
                bufferSize = (int) CNumbers.strtoul(word.substring("buffer-size=".length()), 0);
            } else {
                return false;
            }
            return true;
        }

        /** The words of a {@code ;} list, as strtok gives them. */
        private List<String> list(String word, String key) throws ConfigException {
            String text = word.substring(key.length());
            List<String> items = Arrays.stream(text.split(";")).filter(s -> !s.isEmpty()).toList();
            if (items.isEmpty()) { // xl 4.17 dereferences a null word here and crashes
                throw new ConfigException(where, "vsnd " + key + "\"" + text + "\" names nothing (a ;-separated list)");
            }
            return items;
        }

        VsndParams read() {
            return new VsndParams(sampleRates, sampleFormats, channelsMin, channelsMax, bufferSize);
        }
    }
}
