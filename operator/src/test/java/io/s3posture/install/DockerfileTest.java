package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.s3posture.localstack.image.ImageRecipe;
import io.s3posture.testing.OperatorJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Static checks of the Dockerfile (no Docker engine runs here): it packages exactly the shaded jar
 * the Maven build produces (the one the process-level ITs run), runs it as a numeric non-root user
 * the chart does not contradict, with the JVM flags the chart passes, on a JRE 17, from a Maven +
 * JDK 17 build stage, with every base image pinned by digest.
 */
class DockerfileTest {

  private static final Path DOCKERFILE = Path.of("../Dockerfile");
  private static final String APP_JAR = "/app/s3-posture-operator.jar";
  private static final int NON_ROOT_UID = 65532;
  private static final Path CHART_VALUES = HelmChart.CHART.resolve("values.yaml");

  /** One instruction: keyword and arguments, continuation lines joined. */
  record Instruction(String keyword, String arguments) {}

  private static List<List<Instruction>> stages;
  private static String shadedJar;

  @BeforeAll
  static void read() throws Exception {
    stages = stages(Files.readAllLines(DOCKERFILE));
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    String finalName =
        XPathFactory.newInstance()
            .newXPath()
            .evaluate("//plugin[artifactId='maven-shade-plugin']//configuration/finalName", pom)
            .trim();
    assertThat(finalName).as("shade plugin finalName in operator/pom.xml").isNotEmpty();
    shadedJar = finalName + ".jar";
  }

  @Test
  void buildsWithMavenAndJdk17ThenRunsOnAJre17() {
    assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
    String builder = from(stages.get(0));
    assertThat(builder).contains("maven").contains("17").endsWith(" AS build");
    assertThat(all(stages.get(0), "RUN"))
        .anySatisfy(run -> assertThat(run).contains("mvn ").contains(" package"));
    assertThat(from(last())).containsPattern("(?i)jre").contains("17");
  }

  @Test
  void copiesExactlyTheShadedJarTheMavenBuildProduces() {
    String workdir = single(stages.get(0), "WORKDIR").orElse("/");
    assertThat(all(last(), "COPY"))
        .containsExactly(
            "--from=build " + workdir + "/operator/target/" + shadedJar + " " + APP_JAR);
    assertThat(OperatorJar.PATH.getFileName().toString())
        .as("the jar the process-level ITs run")
        .isEqualTo(shadedJar);
  }

  @Test
  void limitsGlibcToTwoMallocArenas() {
    assertThat(all(last(), "ENV"))
        .as("the memory figures of docs/performance.md are measured with it")
        .contains("MALLOC_ARENA_MAX=2");
  }

  @Test
  void runsTheJarAsNonRoot() throws IOException {
    List<String> users = all(last(), "USER");
    assertThat(users).as("USER instructions of the runtime stage").isNotEmpty();
    String user = users.get(users.size() - 1);
    assertThat(user).as("numeric, so runAsNonRoot can check it").matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(user.split(":")[0])).isEqualTo(NON_ROOT_UID);
    List<String> entrypoint = json(single(last(), "ENTRYPOINT").orElseThrow());
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
        .containsExactly("-jar", APP_JAR);
    assertThat(entrypoint.subList(1, entrypoint.size() - 2))
        .as("JVM flags")
        .allMatch(flag -> flag.startsWith("-X") || flag.startsWith("-D"));
    assertThat(json(single(last(), "CMD").orElseThrow())).containsExactly("run");
    // the chart leaves the user to the image (OpenShift assigns its own UID): it must not name
    // another
    JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(CHART_VALUES.toFile());
    for (String context : List.of("podSecurityContext", "securityContext")) {
      assertThat(values.path(context).path("runAsNonRoot").asBoolean()).as(context).isTrue();
      assertThat(values.path(context).path("runAsUser").asInt(NON_ROOT_UID))
          .as(context + ".runAsUser")
          .isEqualTo(NON_ROOT_UID);
    }
  }

  @Test
  void theChartRunsTheSameJarWithTheSameJvmFlags() throws IOException {
    String deployment = Files.readString(HelmChart.CHART.resolve("templates/deployment.yaml"));
    assertThat(deployment).contains("command: [\"java\"]").contains("\"" + APP_JAR + "\"");
    List<String> entrypoint = json(single(last(), "ENTRYPOINT").orElseThrow());
    String jvmOptions =
        new ObjectMapper(new YAMLFactory())
            .readTree(CHART_VALUES.toFile())
            .path("jvmOptions")
            .asText();
    assertThat(List.of(jvmOptions.split("\\s+")))
        .as("the chart's default jvmOptions are the image's")
        .isEqualTo(entrypoint.subList(1, entrypoint.size() - 2));
    assertThat(all(last(), "ENV"))
        .as("no JAVA_TOOL_OPTIONS: the JVM would print a line announcing it")
        .noneMatch(env -> env.contains("JAVA_TOOL_OPTIONS"));
  }

  /**
   * The image built here without a daemon (make e2e: Debian's JRE, umoci) follows {@link
   * ImageRecipe#OPERATOR}; the Dockerfile is the release recipe. They must say the same of
   * everything the runtime stage declares.
   */
  @Test
  void theImageBuiltHereFollowsTheSameRecipe() {
    ImageRecipe recipe = ImageRecipe.OPERATOR;
    assertThat(single(last(), "WORKDIR")).hasValue(recipe.workingDir());
    assertThat(all(last(), "COPY").get(0)).endsWith(" " + recipe.jarPath());
    assertThat(archiveDump()).as("the class data sharing dump").isEqualTo(recipe.archiveDump());
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : all(last(), "ENV")) {
      for (String pair : line.split("\\s+")) {
        String[] kv = pair.split("=", 2);
        env.put(kv[0], kv[1]);
      }
    }
    assertThat(env).isEqualTo(recipe.env());
    assertThat(single(last(), "USER")).hasValue(recipe.user());
    assertThat(single(last(), "EXPOSE").map(e -> List.of(e.split("\\s+"))))
        .hasValue(recipe.exposedPorts());
    assertThat(json(single(last(), "ENTRYPOINT").orElseThrow())).isEqualTo(recipe.entrypoint());
    assertThat(json(single(last(), "CMD").orElseThrow())).isEqualTo(recipe.cmd());
    Map<String, String> labels = new LinkedHashMap<>();
    Matcher label =
        Pattern.compile("([\\w.-]+)=\"([^\"]*)\"").matcher(String.join(" ", all(last(), "LABEL")));
    while (label.find()) {
      labels.put(label.group(1), label.group(2));
    }
    assertThat(labels).isEqualTo(recipe.labels());
  }

  /** The options of the runtime stage's {@code java -Xshare:dump}, its class list as CLASSLIST. */
  private static List<String> archiveDump() {
    String run =
        all(last(), "RUN").stream()
            .filter(r -> r.contains("-Xshare:dump"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN java -Xshare:dump in the runtime stage"));
    List<String> tokens = List.of(run.split("\\s+"));
    List<String> options = new ArrayList<>();
    for (String token : tokens.subList(tokens.indexOf("java") + 1, tokens.size())) {
      if (token.startsWith(">")) {
        break;
      }
      options.add(
          token.startsWith("-XX:SharedClassListFile=")
              ? "-XX:SharedClassListFile=" + ImageRecipe.CLASSLIST
              : token);
    }
    return options;
  }

  /**
   * Every base image is pinned by digest and keeps a tag saying what it is
   * (hack/update-base-images.sh re-resolves the tags).
   */
  @Test
  void baseImagesArePinnedByDigest() {
    for (List<Instruction> stage : stages) {
      assertThat(from(stage))
          .as("FROM name:tag@sha256:<digest> [AS name]")
          .matches("[\\w./-]+:[\\w.-]+@sha256:[0-9a-f]{64}( AS \\w+)?");
    }
  }

  @Test
  void buildOutputStaysOutOfTheBuildContext() throws IOException {
    assertThat(Files.readAllLines(Path.of("../.dockerignore"))).contains("**/target/");
  }

  private static List<String> json(String arguments) {
    try {
      return List.of(new ObjectMapper().readValue(arguments, String[].class));
    } catch (IOException e) {
      throw new AssertionError("not exec (JSON) form: " + arguments, e);
    }
  }

  private static List<Instruction> last() {
    return stages.get(stages.size() - 1);
  }

  private static String from(List<Instruction> stage) {
    return stage.get(0).arguments();
  }

  private static Optional<String> single(List<Instruction> stage, String keyword) {
    List<String> found = all(stage, keyword);
    assertThat(found).as("%s instructions", keyword).hasSizeLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }

  private static List<String> all(List<Instruction> stage, String keyword) {
    return stage.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  private static List<List<Instruction>> stages(List<String> lines) {
    List<List<Instruction>> stages = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String[] parts = current.toString().split("\\s+", 2);
      Instruction instruction =
          new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : "");
      current.setLength(0);
      if (instruction.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      assertThat(stages).as("an instruction before the first FROM").isNotEmpty();
      stages.get(stages.size() - 1).add(instruction);
    }
    return stages;
  }
}
