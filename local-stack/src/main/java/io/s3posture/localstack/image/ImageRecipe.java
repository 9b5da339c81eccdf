package io.s3posture.localstack.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator image's runtime stage declares, as data: the image built here from Debian's
 * packages ({@link OperatorImageBuilder}) follows it, and a unit test (DockerfileTest) fails when
 * the Dockerfile, the release recipe, says otherwise.
 *
 * @param archiveDump the JVM options after {@code java} that make the class data sharing archive
 *     from the class list, with {@code CLASSLIST} where the class list's path goes
 */
public record ImageRecipe(
    String workingDir,
    String jarPath,
    String archivePath,
    List<String> archiveDump,
    Map<String, String> env,
    String user,
    List<String> exposedPorts,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> labels) {

  public static final String CLASSLIST = "CLASSLIST";

  /** The operator's image. */
  public static final ImageRecipe OPERATOR =
      new ImageRecipe(
          "/app",
          "/app/s3-posture-operator.jar",
          "/app/s3-posture-operator.jsa",
          List.of(
              "-Xshare:dump",
              "-XX:SharedClassListFile=" + CLASSLIST,
              "-XX:SharedArchiveFile=/app/s3-posture-operator.jsa",
              "-cp",
              "/app/s3-posture-operator.jar"),
          Map.of("MALLOC_ARENA_MAX", "2"),
          "65532:65532",
          List.of("8080"),
          List.of(
              "java",
              "-XX:+UseSerialGC",
              "-XX:MinHeapFreeRatio=20",
              "-XX:MaxHeapFreeRatio=40",
              "-XX:TrimNativeHeapInterval=30000",
              "-XX:MaxRAMPercentage=75",
              "-XX:+ExitOnOutOfMemoryError",
              "-Djava.io.tmpdir=/tmp",
              "-XX:SharedArchiveFile=/app/s3-posture-operator.jsa",
              "-jar",
              "/app/s3-posture-operator.jar"),
          List.of("run"),
          Map.of(
              "org.opencontainers.image.title", "s3-posture-operator",
              "org.opencontainers.image.description",
                  "Keeps the security posture of AWS S3 buckets as declared"));

  public ImageRecipe {
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(jarPath, "jarPath");
    Objects.requireNonNull(archivePath, "archivePath");
    archiveDump = List.copyOf(archiveDump);
    env = Map.copyOf(env);
    Objects.requireNonNull(user, "user");
    exposedPorts = List.copyOf(exposedPorts);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    labels = Map.copyOf(labels);
  }

  /** The archive dump's JVM options with the class list at {@code classList}. */
  public List<String> archiveDump(String classList) {
    return archiveDump.stream().map(o -> o.replace(CLASSLIST, classList)).toList();
  }
}
