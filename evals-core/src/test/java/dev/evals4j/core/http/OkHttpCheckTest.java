package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OkHttpCheckTest {
    @TempDir
    Path dir;

    private URL copy(String name) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("okhttp3"));
        Files.write(root.resolve("okhttp3/OkHttp.class"), new byte[] {1});
        return root.toUri().toURL();
    }

    @Test
    void theBuildsOwnOkHttpPasses() {
        assertThat(OkHttpCheck.problem(OkHttpCheck.class.getClassLoader(), "5.3.2"))
                .isEmpty();
    }

    @Test
    void okHttp4OrTwoCopiesAreRefusedSayingWhatToExclude() throws IOException {
        ClassLoader none = new URLClassLoader(new URL[0], null);
        assertThat(OkHttpCheck.problem(none, "4.12.0")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("the class path holds OkHttp 4.12.0; evals4j needs OkHttp 5"
                        + " (com.squareup.okhttp3:okhttp-jvm): exclude com.squareup.okhttp3:okhttp from the"
                        + " dependency that brings it, or, in a Spring Boot build, set the property"
                        + " okhttp.version to 5.3.2"));
        ClassLoader two = new URLClassLoader(new URL[] {copy("okhttp-4.12.0"), copy("okhttp-jvm-5.3.2")}, null);
        assertThat(OkHttpCheck.problem(two, "5.3.2")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("OkHttp is on the class path 2 times (")
                .contains("okhttp-4.12.0/okhttp3/OkHttp.class")
                .contains("okhttp-jvm-5.3.2/okhttp3/OkHttp.class"));
    }
}
