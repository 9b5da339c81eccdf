package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hack/update-base-images.sh, the documented way to move the Dockerfile's pinned base images to the
 * newest build of their tags, run on a copy of the Dockerfile with a stand-in {@code docker} that
 * answers {@code buildx imagetools inspect} as the real one does (no registry is reachable here).
 */
class UpdateBaseImagesTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final String NEW_DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void repinsEveryBaseImageToTheDigestItsTagHasNow(@TempDir Path dir) throws Exception {
    Path dockerfile = dir.resolve("Dockerfile");
    String original = Files.readString(REPOSITORY.resolve("Dockerfile"));
    Files.writeString(dockerfile, original);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path calls = dir.resolve("calls");
    Path docker = bin.resolve("docker");
    Files.writeString(
        docker,
        """
        #!/usr/bin/env bash
        echo "$*" >> "%s"
        [[ "$1 $2 $3" == "buildx imagetools inspect" ]] || exit 1
        echo %s
        """
            .formatted(calls, NEW_DIGEST));
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));

    CommandResult result =
        CommandResult.run(
            REPOSITORY,
            60,
            List.of(
                "env",
                "PATH=" + bin + ":" + System.getenv("PATH"),
                "bash",
                "hack/update-base-images.sh",
                dockerfile.toString()));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<String> from =
        Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from)
        .containsExactly(
            "FROM maven:3.9-eclipse-temurin-17@" + NEW_DIGEST + " AS build",
            "FROM eclipse-temurin:17-jre-noble@" + NEW_DIGEST);
    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "buildx imagetools inspect maven:3.9-eclipse-temurin-17 --format {{.Manifest.Digest}}",
            "buildx imagetools inspect eclipse-temurin:17-jre-noble --format {{.Manifest.Digest}}");
    assertThat(Files.readString(dockerfile).replaceAll("@sha256:[0-9a-f]{64}", "@X"))
        .as("nothing but the digests changed")
        .isEqualTo(original.replaceAll("@sha256:[0-9a-f]{64}", "@X"));
  }
}
