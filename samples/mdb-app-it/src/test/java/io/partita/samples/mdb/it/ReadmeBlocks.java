package io.partita.samples.mdb.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fenced code block that follows a marker comment ({@code <!-- marker: ... -->}) in a
 * Markdown file, so the test runs the commands the README shows and nothing else. Stateless.
 */
final class ReadmeBlocks {
    private ReadmeBlocks() {
    }

    /**
     * The lines of the first fenced block after the line starting with {@code <!-- marker}.
     *
     * @throws IllegalStateException naming the marker and the file when there is no such block
     */
    static List<String> block(Path markdown, String marker) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- " + marker)) {
                at = i;
                break;
            }
        }
        if (at < 0 || at + 1 >= lines.size() || !lines.get(at + 1).startsWith("```")) {
            throw new IllegalStateException("no fenced block right after <!-- " + marker + " in " + markdown);
        }
        List<String> block = new ArrayList<>();
        for (int i = at + 2; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                return block;
            }
            block.add(lines.get(i));
        }
        throw new IllegalStateException("the block after <!-- " + marker + " in " + markdown + " is not closed");
    }
}
