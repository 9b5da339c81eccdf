package io.s3posture.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.ToolBinary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The chart in helm/s3-posture-operator, driven through the helm binary of the tool cache. */
final class HelmChart {

  static final Path CHART =
      Path.of("..", "helm", "s3-posture-operator").toAbsolutePath().normalize();

  private final Path helm;

  private HelmChart(Path helm) {
    this.helm = helm;
  }

  static HelmChart locate() {
    return new HelmChart(ToolBinary.require("helm"));
  }

  /**
   * The Kubernetes version {@code helm template} renders for: without a cluster Helm assumes 1.20,
   * which the chart's kubeVersion refuses. The local stack's API server is this version.
   */
  static final String KUBE_VERSION = "1.35.0";

  /** {@code helm template} with the given values (YAML, may be empty) and extra arguments. */
  CommandResult template(String release, String namespace, String values, String... args) {
    List<String> command = new ArrayList<>(List.of("template", release, CHART.toString()));
    command.addAll(List.of("--namespace", namespace, "--kube-version", KUBE_VERSION));
    return withValues(values, command, args);
  }

  /** {@code helm install} into the cluster of {@code kubeconfig} (e.g. with --dry-run=server). */
  CommandResult install(
      String release, String namespace, String values, String kubeconfig, String... args) {
    return install(CHART, release, namespace, values, kubeconfig, args);
  }

  /** {@code helm install} of the chart in {@code chartDirectory}. */
  CommandResult install(
      Path chartDirectory,
      String release,
      String namespace,
      String values,
      String kubeconfig,
      String... args) {
    List<String> command = new ArrayList<>(List.of("install", release, chartDirectory.toString()));
    command.addAll(List.of("--namespace", namespace, "--kubeconfig", kubeconfig));
    return withValues(values, command, args);
  }

  /** {@code helm upgrade --install} of the chart in {@code chartDirectory}. */
  CommandResult upgrade(
      Path chartDirectory, String release, String namespace, String values, String kubeconfig) {
    List<String> command =
        new ArrayList<>(List.of("upgrade", "--install", release, chartDirectory.toString()));
    command.addAll(List.of("--namespace", namespace, "--kubeconfig", kubeconfig));
    return withValues(values, command);
  }

  /** {@code helm uninstall}. */
  CommandResult uninstall(String release, String namespace, String kubeconfig) {
    return CommandResult.run(
        CHART,
        60,
        List.of(
            helm.toString(),
            "uninstall",
            release,
            "--namespace",
            namespace,
            "--kubeconfig",
            kubeconfig));
  }

  /** {@code helm lint --strict} with the given values. */
  CommandResult lint(String values) {
    return withValues(values, new ArrayList<>(List.of("lint", "--strict", CHART.toString())));
  }

  /** Renders and parses: every object of the release, in helm's install order. */
  List<HasMetadata> render(
      KubernetesClient client, String release, String namespace, String values, String... args) {
    return parse(client, template(release, namespace, values, args).successfulOutput());
  }

  static List<HasMetadata> parse(KubernetesClient client, String manifests) {
    return client
        .load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
        .items()
        .stream()
        .filter(item -> item != null)
        .toList();
  }

  private CommandResult withValues(String values, List<String> command, String... args) {
    try {
      Path file = Files.createTempFile("values", ".yaml");
      try {
        Files.writeString(file, values);
        command.addAll(List.of("--values", file.toString()));
        command.addAll(List.of(args));
        command.add(0, helm.toString());
        return CommandResult.run(CHART, 60, command);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
