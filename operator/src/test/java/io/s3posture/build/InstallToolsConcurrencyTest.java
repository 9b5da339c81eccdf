package io.s3posture.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code hack/install-tools.sh} runs at once on one tool cache (e.g. {@code make demo} and
 * {@code make test} in two terminals) do not trip over each other: the second waits for the first
 * and finds the tool built. A stand-in {@code go} on the PATH "builds" a tool by writing a script,
 * and holds its build until the test opens a gate, so the second run provably arrives while the
 * first is building. No real Go build runs.
 */
class InstallToolsConcurrencyTest {

  private static final Path SCRIPT = Path.of("..", "hack", "install-tools.sh").toAbsolutePath();

  @TempDir Path dir;
  private Path tools;
  private Path fakeBin;
  private Path builds;
  private Path gate;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void fakeGo() throws Exception {
    tools = dir.resolve("tools");
    fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
    builds = dir.resolve("builds.log");
    gate = dir.resolve("gate");
    Files.createFile(builds);
    assertThat(new ProcessBuilder("mkfifo", gate.toString()).start().waitFor()).isZero();
    // `go mod tidy` does nothing; `go build -o OUT` logs itself, waits at the gate (a FIFO: reading
    // blocks until the test writes), then writes a tool that prints "fake".
    Path go = fakeBin.resolve("go");
    Files.writeString(
        go,
        """
        #!/usr/bin/env bash
        [[ "$1" == build ]] || exit 0
        out=""
        while [[ $# -gt 0 ]]; do [[ "$1" == -o ]] && out="$2"; shift; done
        echo "build $out" >> "%s"
        read -r _ < "%s"
        printf '#!/bin/sh\\necho fake\\n' > "$out" && chmod +x "$out"
        """
            .formatted(builds, gate));
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A failed test must not leave installers waiting at the gate. */
  @AfterEach
  void stopInstallers() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  void aSecondInstallWaitsForTheFirstAndFindsTheToolBuilt() throws Exception {
    Process first = install("first");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(builds).size() == 1);

    Process second = install("second");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(dir.resolve("second.err")).contains("waiting"));
    assertThat(Files.readAllLines(builds)).as("the second run builds nothing meanwhile").hasSize(1);

    openGate();
    assertThat(exitCode(first)).as(log("first")).isZero();
    assertThat(exitCode(second)).as(log("second")).isZero();

    assertThat(Files.readAllLines(builds)).as("helm was built once").hasSize(1);
    assertThat(Files.readString(dir.resolve("second.err"))).contains("helm 3.19.0 (cached)");
    assertThat(Files.readString(tools.resolve("bin/.helm.version")).strip()).isEqualTo("3.19.0");
    assertThat(new ProcessBuilder(tools.resolve("bin/helm").toString()).start().getInputStream())
        .hasContent("fake");
    try (var files = Files.list(tools.resolve("bin"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary files left behind")
          .containsExactlyInAnyOrder("helm", ".helm.version");
    }
  }

  @Test
  void installsOnABuiltCacheRunAtOnceAndBuildNothing() throws Exception {
    Process build = install("build");
    openGate();
    assertThat(exitCode(build)).as(log("build")).isZero();
    Files.writeString(builds, "");

    List<Process> runs = List.of(install("a"), install("b"), install("c"));
    for (int i = 0; i < runs.size(); i++) {
      assertThat(exitCode(runs.get(i))).as(log(List.of("a", "b", "c").get(i))).isZero();
    }
    assertThat(Files.readAllLines(builds)).as("nothing rebuilt").isEmpty();
    for (String run : List.of("a", "b", "c")) {
      assertThat(Files.readString(dir.resolve(run + ".err"))).contains("helm 3.19.0 (cached)");
      assertThat(Files.readString(dir.resolve(run + ".out")).strip())
          .as("the bin directory on the last line")
          .isEqualTo(tools.resolve("bin").toString());
    }
  }

  /** {@code install-tools.sh helm} with the fake go first on the PATH; output in NAME.out/.err. */
  private Process install(String name) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", SCRIPT.toString(), "helm")
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    Map<String, String> env = builder.environment();
    env.put("S3POSTURE_TOOLS_DIR", tools.toString());
    env.put("PATH", fakeBin + ":" + env.get("PATH"));
    env.remove("HELM_VERSION");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Lets the waiting fake build finish. */
  private void openGate() throws IOException {
    try (OutputStream out = Files.newOutputStream(gate)) {
      out.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static int exitCode(Process process) throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("install-tools.sh did not finish in 60 s");
    }
    return process.exitValue();
  }

  private String log(String name) throws IOException {
    return name + ": " + Files.readString(dir.resolve(name + ".err"));
  }
}
