package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.CommandResult;
import io.s3posture.testing.OperatorJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's class data sharing archive (Dockerfile, docs/performance.md): the class list names
 * the operator's start-up classes and is not stale, the Dockerfile dumps it the way the JVM can use
 * it with {@code -jar}, and an archive dumped that way serves the operator's classes to {@code java
 * -Xshare:on ... -jar} (which refuses to start when it cannot map the archive).
 */
class ClassDataSharingIT {

  static final Path CLASS_LIST = Path.of("src/main/cds/s3-posture-operator.classlist");
  private static final Path DOCKERFILE = Path.of("../Dockerfile");
  private static final String APP_JAR = "/app/s3-posture-operator.jar";
  private static final Pattern SHARED_ARCHIVE =
      Pattern.compile("-XX:SharedArchiveFile=(\\S+?)\"?[,\\s]");

  @Test
  void theClassListNamesTheOperatorsStartUpClassesThatStillExist() throws IOException {
    List<String> classes =
        Files.readAllLines(CLASS_LIST).stream()
            .filter(line -> !line.startsWith("#") && !line.startsWith("@") && !line.isBlank())
            .map(line -> line.split(" ")[0])
            .toList();
    assertThat(classes)
        .contains(
            "io/s3posture/operator/PostureOperator",
            "io/s3posture/reconciler/BucketPolicyReconciler",
            "io/s3posture/reconciler/AccountPolicyReconciler",
            "io/s3posture/fleet/SubjectWorkQueue",
            "io/s3posture/control/TargetCheck",
            "io/s3posture/aws/SdkS3Gateway",
            "software/amazon/awssdk/services/s3/DefaultS3Client",
            "io/javaoperatorsdk/operator/Operator");
    List<String> own = classes.stream().filter(c -> c.startsWith("io/s3posture/")).toList();
    List<String> gone =
        own.stream()
            .filter(c -> !Files.isRegularFile(Path.of("target/classes", c + ".class")))
            .toList();
    assertThat(gone.size())
        .as(
            "classes of the list that no longer exist (bash hack/update-cds-classlist.sh): %s",
            gone)
        .isLessThanOrEqualTo(own.size() / 20);
  }

  @Test
  void theImageDumpsTheListForTheJarAndRunsWithTheArchive() throws IOException {
    String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
    String dump =
        dockerfile
            .lines()
            .filter(line -> line.contains("-Xshare:dump"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN java -Xshare:dump in the Dockerfile"));
    assertThat(dump)
        .contains("--mount=type=bind,source=operator/src/main/cds,target=/cds")
        .contains("-XX:SharedClassListFile=/cds/" + CLASS_LIST.getFileName())
        .contains("-cp " + APP_JAR);
    String entrypoint =
        dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
    assertThat(archive(dump)).isEqualTo(archive(entrypoint)).startsWith("/app/");
  }

  @Test
  void anArchiveDumpedFromTheListServesTheJarsClasses(@TempDir Path dir) throws IOException {
    Path jar = OperatorJar.require();
    Path archive = dir.resolve("operator.jsa");
    CommandResult dumped =
        CommandResult.run(
            dir,
            300,
            List.of(
                java(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + CLASS_LIST.toAbsolutePath(),
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                jar.toString()));
    assertThat(dumped.exitCode()).as("dump: %s", dumped.stderr()).isZero();

    CommandResult run =
        CommandResult.run(
            dir,
            120,
            List.of(
                java(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info",
                "-jar",
                jar.toString(),
                "--help"));
    assertThat(run.exitCode()).as("java -Xshare:on: %s", run.stderr()).isZero();
    Set<String> shared =
        run.stdout()
            .lines()
            .filter(line -> line.contains("source: shared objects file"))
            .map(line -> line.replaceAll("^\\[[^]]*]\\[[^]]*]\\[[^]]*] ", "").split(" ")[0])
            .collect(Collectors.toSet());
    assertThat(shared).contains("io.s3posture.Main");
  }

  private static String archive(String line) {
    Matcher matcher = SHARED_ARCHIVE.matcher(line + " ");
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    assertThat(found).as("-XX:SharedArchiveFile in %s", line).hasSize(1);
    return found.get(0);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
