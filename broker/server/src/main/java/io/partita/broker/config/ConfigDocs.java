package io.partita.broker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the key table of {@code docs/configuration.md} from {@link BrokerConfig#definitions()}.
 * The table sits between {@link #BEGIN} and {@link #END}; run {@link #main} with the path of the
 * document to rewrite it after changing a key.
 */
public final class ConfigDocs {
    public static final String BEGIN = "<!-- BEGIN GENERATED KEY TABLE (ConfigDocs) -->";
    public static final String END = "<!-- END GENERATED KEY TABLE -->";

    private ConfigDocs() {
    }

    /** The markdown table, one row per key, markers excluded. */
    public static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Key | Default | Valid values | Description |\n");
        sb.append("|---|---|---|---|\n");
        for (ConfigKey key : BrokerConfig.definitions()) {
            sb.append("| `").append(key.name()).append("` | ")
                    .append(key.defaultValue() == null ? "(not set)" : "`" + key.defaultValue() + "`").append(" | ")
                    .append(escape(key.valid())).append(" | ")
                    .append(escape(key.doc())).append(" |\n");
        }
        return sb.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    /** Rewrites the generated table of the given markdown file in place. */
    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(doc + " has no generated table markers");
        }
        String updated = text.substring(0, begin + BEGIN.length()) + "\n" + table() + text.substring(end);
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }
}
