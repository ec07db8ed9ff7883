package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibStoreTest {
    @TempDir
    Path folder;

    private CibStore storeWithVersions(int count) {
        CibStore store = new CibStore(folder, 3);
        for (int epoch = 1; epoch <= count; epoch++) {
            store.save(CibStoreCrashChild.content(epoch));
        }
        return store;
    }

    private static long epochOf(CibStore store) {
        return CibVersion.of(store.load().orElseThrow()).epoch();
    }

    @Test
    void anEmptyFolderHasNoCib() {
        assertThat(new CibStore(folder.resolve("missing"), 3).load()).isEmpty();
        assertThat(new CibStore(folder, 3).load()).isEmpty();
    }

    @Test
    void loadsWhatWasSavedAndKeepsTheNewestCopies() throws IOException {
        CibStore store = storeWithVersions(5);
        assertThat(store.load()).contains(CibStoreCrashChild.content(5));
        assertThat(store.backups()).extracting(p -> p.getFileName().toString())
                .containsExactly("cib-5.xml", "cib-4.xml", "cib-3.xml");
        assertThat(Files.readString(folder.resolve("cib.xml.sig")).strip())
                .isEqualTo(CibStore.sha256(Files.readAllBytes(folder.resolve("cib.xml"))));
        assertThat(folder.resolve("cib-2.xml.sig")).doesNotExist();
    }

    @Test
    void aTruncatedCurrentFileFallsBackToTheNewestIntactCopy() throws IOException {
        CibStore store = storeWithVersions(4);
        truncate(folder.resolve("cib.xml"));
        assertThat(epochOf(new CibStore(folder, 3))).isEqualTo(4);

        truncate(folder.resolve("cib-4.xml"));
        assertThat(new CibStore(folder, 3).load()).contains(CibStoreCrashChild.content(3));

        store.save(CibStoreCrashChild.content(9));
        assertThat(epochOf(new CibStore(folder, 3))).isEqualTo(9);
        assertThat(store.backups().get(0).getFileName().toString()).isEqualTo("cib-5.xml");
    }

    @Test
    void aCorruptByteOrAMissingSidecarIsDetected() throws IOException {
        storeWithVersions(3);
        byte[] content = Files.readAllBytes(folder.resolve("cib.xml"));
        content[content.length / 2] ^= 0x20;
        Files.write(folder.resolve("cib.xml"), content);
        Files.delete(folder.resolve("cib-3.xml.sig"));
        assertThat(epochOf(new CibStore(folder, 3))).isEqualTo(2);
    }

    @Test
    void noIntactCopyIsAnErrorNamingEachFile() throws IOException {
        storeWithVersions(2);
        for (String name : new String[] {"cib.xml", "cib-1.xml", "cib-2.xml"}) {
            Files.writeString(folder.resolve(name), "<cib", StandardCharsets.UTF_8);
        }
        assertThatThrownBy(() -> new CibStore(folder, 3).load())
                .isInstanceOf(CibException.class)
                .hasMessageContaining("no intact CIB in " + folder)
                .hasMessageContaining("cib.xml: digest mismatch")
                .hasMessageContaining("cib-1.xml: digest mismatch");
    }

    @Test
    void aCopyWhoseDigestMatchesButIsNotXmlIsSkipped() throws IOException {
        storeWithVersions(2);
        byte[] garbage = "<cib epoch=\"x\"/>".getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("cib.xml"), garbage);
        Files.writeString(folder.resolve("cib.xml.sig"), CibStore.sha256(garbage));
        assertThat(epochOf(new CibStore(folder, 3))).isEqualTo(2);
    }

    private static void truncate(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
    }
}
