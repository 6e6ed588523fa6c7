package io.storyreel.app.build;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parent pom's Maven Enforcer rules, proven by building tiny projects that inherit the real parent pom with the
 * project's own Maven wrapper: a vulnerable version (direct, or arriving through another library) or two paths that
 * disagree on a version fail the build at {@code validate}; the versions the parent manages, and the first fixed
 * version of each banned range, pass. Each build only resolves poms, so the class takes seconds once they are cached.
 */
class DependencyPolicyTest {
    private static final String BANNED = "<--- banned via the exclude/include list";
    private static final String POLICY_MESSAGE = "A dependency version with a known vulnerability";

    /** A version inside each banned range (its newest vulnerable release) and the first one the rule lets through. */
    private record Edge(String group, String artifact, String lastVulnerable, String firstFixed) {
        String coordinates(String version) {
            return group + ":" + artifact + ":jar:" + version;
        }
    }

    private static final List<Edge> EDGES = List.of(
            new Edge("ch.qos.logback", "logback-classic", "1.6.2", "1.6.3"),
            new Edge("ch.qos.logback", "logback-core", "1.5.35", "1.5.36"),
            new Edge("org.apache.commons", "commons-lang3", "3.17.0", "3.18.0"),
            new Edge("org.apache.commons", "commons-compress", "1.25.0", "1.26.0"),
            new Edge("commons-io", "commons-io", "2.13.0", "2.14.0"),
            new Edge("com.squareup.okhttp3", "okhttp", "4.12.0", "5.0.0"),
            new Edge("com.squareup.okio", "okio", "3.3.0", "3.4.0"),
            new Edge("com.squareup.okio", "okio-jvm", "3.3.0", "3.4.0"),
            new Edge("com.google.protobuf", "protobuf-java", "3.25.4", "3.25.5"),
            new Edge("com.google.code.gson", "gson", "2.8.8", "2.8.9"),
            new Edge("org.postgresql", "postgresql", "42.7.6", "42.7.7"),
            new Edge("com.h2database", "h2", "2.1.214", "2.2.220"),
            new Edge("org.yaml", "snakeyaml", "1.33", "2.0"),
            new Edge("com.fasterxml.jackson.core", "jackson-core", "2.14.3", "2.15.0"),
            new Edge("com.fasterxml.jackson.core", "jackson-databind", "2.14.3", "2.15.0"),
            new Edge("io.netty", "netty-codec-http", "4.1.124.Final", "4.1.125.Final"),
            new Edge("io.netty", "netty-codec-http2", "4.1.123.Final", "4.1.124.Final"),
            new Edge("io.netty", "netty-handler", "4.1.117.Final", "4.1.118.Final"),
            new Edge("io.projectreactor.netty", "reactor-netty-http", "1.2.7", "1.2.8"),
            new Edge("junit", "junit", "4.13", "4.13.1"),
            new Edge("org.jetbrains.kotlin", "kotlin-stdlib", "1.4.20", "1.4.21"));

    /** The second range of libraries banned on two release lines; one pom cannot name an artifact twice. */
    private static final List<Edge> SECOND_LINE_EDGES = List.of(
            new Edge("com.google.protobuf", "protobuf-java", "4.27.4", "4.27.5"),
            new Edge("io.netty", "netty-codec-http", "4.2.4.Final", "4.2.5.Final"),
            new Edge("io.netty", "netty-codec-http2", "4.2.3.Final", "4.2.4.Final"));

    static Path root;
    static Path probes;

    @BeforeAll
    static void locateTheBuild() throws IOException {
        root = Path.of(System.getProperty("storyreel.root", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("mvnw")).isExecutable();
        probes = root.resolve("app/target/dependency-policy");
        Files.createDirectories(probes);
    }

    @Test
    void theVersionsStoryreelShippedBeforeFailTheBuild() throws Exception {
        // logback as a direct dependency, commons-lang3 the way it reached the jar: through another library
        Build b = build("shipped-before",
                dependencyManagement(dependency("org.apache.commons", "commons-lang3", "3.15.0")),
                dependency("ch.qos.logback", "logback-classic", "1.5.18"),
                dependency("org.telegram", "telegrambots-meta", null));

        assertThat(b.exitCode()).as(b.output()).isNotZero();
        assertThat(b.output()).contains(POLICY_MESSAGE)
                .contains("ch.qos.logback:logback-classic:jar:1.5.18 " + BANNED)
                .contains("org.telegram:telegrambots-meta:jar:10.2.0")
                .contains("org.apache.commons:commons-lang3:jar:3.15.0 " + BANNED);
    }

    @Test
    void theManagedVersionsPassEveryRule() throws Exception {
        Build b = build("managed", "",
                dependency("ch.qos.logback", "logback-classic", null),
                dependency("org.telegram", "telegrambots-meta", null));

        assertThat(b.exitCode()).as(b.output()).isZero();
        assertThat(b.output()).contains("DependencyConvergence passed").contains("BannedDependencies passed")
                .contains("BUILD SUCCESS");
    }

    @Test
    void eachBannedRangeStopsAtItsFix() throws Exception {
        assertTheEdges("first-line", EDGES);
        assertTheEdges("second-line", SECOND_LINE_EDGES);
    }

    private static void assertTheEdges(String name, List<Edge> edges) throws Exception {
        Build vulnerable = build(name + "-last-vulnerable", "", edges.stream()
                .map(e -> dependency(e.group(), e.artifact(), e.lastVulnerable())).toArray(String[]::new));
        assertThat(vulnerable.exitCode()).as(vulnerable.output()).isNotZero();
        for (Edge e : edges) {
            assertThat(vulnerable.output()).contains(e.coordinates(e.lastVulnerable()) + " " + BANNED);
        }

        // such a mix of release lines cannot converge: this build asks the banned list alone
        Build fixed = build(name + "-first-fixed", "", edges.stream()
                        .map(e -> dependency(e.group(), e.artifact(), e.firstFixed())).toArray(String[]::new),
                "-Denforcer.skipRules=dependencyConvergence");
        assertThat(fixed.exitCode()).as(fixed.output()).isZero();
        assertThat(fixed.output()).contains("BannedDependencies passed").doesNotContain(BANNED);
    }

    @Test
    void twoPathsToDifferentVersionsFailTheBuild() throws Exception {
        // Awaitility 4.3.0 asks for Hamcrest 2.1, neither pins Hamcrest, and the probe asks for 3.0
        Build b = build("diverging", "",
                dependency("org.awaitility", "awaitility", null),
                dependency("org.hamcrest", "hamcrest", "3.0"));

        assertThat(b.exitCode()).as(b.output()).isNotZero();
        assertThat(b.output()).contains("Dependency convergence error for org.hamcrest:hamcrest")
                .contains("DependencyConvergence failed");
    }

    private record Build(int exitCode, String output) {
    }

    /** Writes {@code probes/<name>/pom.xml} inheriting the real parent pom and runs {@code mvnw validate} on it. */
    private static Build build(String name, String dependencyManagement, String... dependencies) throws Exception {
        return build(name, dependencyManagement, dependencies, new String[0]);
    }

    private static Build build(String name, String dependencyManagement, String[] dependencies, String... mavenArgs)
            throws Exception {
        Path dir = probes.resolve(name);
        Files.createDirectories(dir);
        String parentPom = dir.relativize(root.resolve("pom.xml")).toString();
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.storyreel</groupId><artifactId>storyreel-parent</artifactId><version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                  <artifactId>dependency-policy-%s</artifactId>
                  <packaging>pom</packaging>
                  %s
                  <dependencies>
                %s
                  </dependencies>
                </project>
                """.formatted(System.getProperty("storyreel.version", "0.1.0-SNAPSHOT"), parentPom, name,
                dependencyManagement, String.join("\n", dependencies)));

        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp",
                "-f", dir.resolve("pom.xml").toString()));
        // the same local repository as the build running this test
        String repo = System.getProperty("storyreel.maven.repo", "");
        if (!repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of(mavenArgs));
        command.add("validate");

        Path log = dir.resolve("build.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // a clean machine downloads the probes' poms on the first run; after that each build takes a second or two
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("mvnw validate on " + dir + " did not finish in 3 minutes:\n" + Files.readString(log));
        }
        return new Build(p.exitValue(), Files.readString(log));
    }

    private static String dependency(String group, String artifact, String version) {
        return "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId>%s</dependency>".formatted(group, artifact,
                version == null ? "" : "<version>" + version + "</version>");
    }

    private static String dependencyManagement(String... dependencies) {
        return "<dependencyManagement><dependencies>\n%s\n  </dependencies></dependencyManagement>"
                .formatted(String.join("\n", dependencies));
    }
}
