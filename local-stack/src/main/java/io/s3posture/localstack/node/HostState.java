package io.s3posture.localstack.node;

import io.s3posture.localstack.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine-wide state a node changes, and how to put it back: processes, mounts, network
 * namespaces, the bridge, iptables chains and kernel settings. A record of the run in {@code
 * /run/s3posture-e2e} (its work directory and the settings as they were before) lets the next run
 * clean up after one that was killed before it could.
 */
public final class HostState {

  private static final Logger LOG = LoggerFactory.getLogger(HostState.class);
  private static final Path STATE_DIR = Path.of("/run/s3posture-e2e");
  private static final Path SAVED_SYSCTLS = STATE_DIR.resolve("sysctl.saved");
  private static final Path WORK_DIR_RECORD = STATE_DIR.resolve("work-dir");

  /**
   * Kernel settings the node changes: IP forwarding and bridged traffic through iptables (for
   * Services between pods; this process), route_localnet (kube-proxy), and the tunables the kubelet
   * sets at start.
   */
  static final List<String> SYSCTLS =
      List.of(
          "net.ipv4.ip_forward",
          "net.bridge.bridge-nf-call-iptables",
          "net.ipv4.conf.all.route_localnet",
          "vm.overcommit_memory",
          "vm.panic_on_oom",
          "kernel.panic",
          "kernel.panic_on_oops",
          "kernel.keys.root_maxkeys",
          "kernel.keys.root_maxbytes");

  private static final List<String> CHAIN_PREFIXES = List.of("KUBE-", "S3PE2E-", "CNI-");

  private final NodeAddresses addresses;
  private final Path kubeProxy;

  public HostState(NodeAddresses addresses, Path kubeProxy) {
    this.addresses = addresses;
    this.kubeProxy = kubeProxy;
  }

  /**
   * Cleans up what a killed run left, then records {@code workDir} and the kernel settings as they
   * are now (unless a killed run's record of the originals is still there).
   */
  public void prepare(Path workDir) {
    try {
      Files.createDirectories(STATE_DIR);
      if (Files.exists(WORK_DIR_RECORD)) {
        Path previous = Path.of(Files.readString(WORK_DIR_RECORD).strip());
        LOG.warn("a previous node run did not clean up ({}); cleaning up now", previous);
        restore(previous);
      }
      Files.writeString(WORK_DIR_RECORD, workDir.toAbsolutePath().toString());
      if (!Files.exists(SAVED_SYSCTLS)) {
        StringBuilder saved = new StringBuilder();
        for (String key : SYSCTLS) {
          readSysctl(key).ifPresent(v -> saved.append(key).append('=').append(v).append('\n'));
        }
        Files.writeString(SAVED_SYSCTLS, saved.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a run's record is there (it did not clean up, or it is running). */
  public static boolean recorded() {
    return Files.exists(WORK_DIR_RECORD);
  }

  /** The recorded run's work directory, if any. */
  public static java.util.Optional<Path> recordedWorkDir() {
    try {
      return Files.exists(WORK_DIR_RECORD)
          ? java.util.Optional.of(Path.of(Files.readString(WORK_DIR_RECORD).strip()))
          : java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Puts the machine back: every process started from {@code workDir} (and the containers of its
   * runc root) killed, its mounts unmounted, the pods' network namespaces, the bridge and the
   * iptables chains removed, the kernel settings restored. Safe to call repeatedly.
   */
  public void restore(Path workDir) {
    String dir = workDir.toAbsolutePath().toString();
    killContainers(workDir.resolve("containerd/runc"));
    killProcessesInContainerCgroups();
    killProcessesMentioning(dir);
    unmountUnder(dir);
    removePodNetworkNamespaces();
    HostCommand.quietly("ip", "link", "delete", addresses.bridge());
    if (Files.isExecutable(kubeProxy)) {
      HostCommand.quietly(kubeProxy.toString(), "--cleanup");
    }
    removeChains("iptables");
    removeChains("ip6tables");
    restoreSysctls();
    unmountUnder(dir);
    removeContainerCgroups();
    try {
      Files.deleteIfExists(WORK_DIR_RECORD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void killContainers(Path runcRoot) {
    if (!Files.isDirectory(runcRoot)) {
      return;
    }
    try (Stream<Path> namespaces = Files.list(runcRoot)) {
      for (Path root : namespaces.filter(Files::isDirectory).toList()) {
        try (Stream<Path> containers = Files.list(root)) {
          for (Path container : containers.filter(Files::isDirectory).toList()) {
            String id = container.getFileName().toString();
            HostCommand.quietly("runc", "--root", root.toString(), "kill", id, "KILL");
            HostCommand.quietly("runc", "--root", root.toString(), "delete", "--force", id);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list containers under {}: {}", runcRoot, e.toString());
    }
  }

  /**
   * What is still in containerd's cgroups after runc: a pod sandbox's pause process outlives a node
   * that stops right after its last pod was deleted (the kubelet had not torn the sandbox down).
   */
  private static void killProcessesInContainerCgroups() {
    Path parent = Path.of("/sys/fs/cgroup/pids/k8s.io");
    if (!Files.isDirectory(parent)) {
      return;
    }
    try (Stream<Path> children = Files.list(parent)) {
      for (Path child : children.filter(Files::isDirectory).toList()) {
        for (String pid : Files.readAllLines(child.resolve("cgroup.procs"))) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid.strip()))
                .ifPresent(
                    p -> {
                      LOG.info("stopping leftover container process {}", p.pid());
                      p.destroyForcibly();
                      p.onExit()
                          .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                          .exceptionally(e -> p)
                          .join();
                    });
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list the containers' cgroups: {}", e.toString());
    }
  }

  /**
   * containerd's cgroups ({@code k8s.io} in every hierarchy: pods run without QoS cgroups), once
   * their containers are gone; runc removes each container's own, this the empty parents.
   */
  private static void removeContainerCgroups() {
    Path root = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> hierarchies = Files.list(root)) {
      for (Path hierarchy : hierarchies.toList()) {
        Path parent = hierarchy.resolve("k8s.io");
        if (!Files.isDirectory(parent)) {
          continue;
        }
        try (Stream<Path> children = Files.list(parent)) {
          for (Path child : children.filter(Files::isDirectory).toList()) {
            HostCommand.quietly("rmdir", child.toString());
          }
        }
        HostCommand.quietly("rmdir", parent.toString());
      }
    } catch (IOException e) {
      LOG.warn("cannot remove the containers' cgroups: {}", e.toString());
    }
  }

  /** SIGKILL to every process whose command line names {@code dir} (never this JVM). */
  private static void killProcessesMentioning(String dir) {
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> commandLine(p.pid()).contains(dir))
        .forEach(
            p -> {
              LOG.info("stopping leftover process {}: {}", p.pid(), commandLine(p.pid()));
              p.destroyForcibly();
              p.onExit()
                  .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                  .exceptionally(e -> p)
                  .join();
            });
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")))
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** Unmounts every mount point under {@code dir}, deepest first. */
  private static void unmountUnder(String dir) {
    List<String> points = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String point = line.split(" ")[4].replace("\\040", " ");
        if (point.equals(dir) || point.startsWith(dir + "/")) {
          points.add(point);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      HostCommand result = HostCommand.quietly("umount", point);
      if (!result.ok()) {
        HostCommand.quietly("umount", "--lazy", point);
      }
    }
  }

  /** The pods' network namespaces (containerd names them cni-*) that hold an address of ours. */
  private void removePodNetworkNamespaces() {
    HostCommand list = HostCommand.quietly("ip", "netns", "list");
    if (!list.ok()) {
      return;
    }
    String prefix = addresses.podSubnet().substring(0, addresses.podSubnet().lastIndexOf('.') + 1);
    for (String line : list.output().lines().toList()) {
      String name = line.split("\\s+")[0];
      if (!name.startsWith("cni-")) {
        continue;
      }
      HostCommand addrs = HostCommand.quietly("ip", "-n", name, "-4", "-o", "addr");
      boolean ours = addrs.output().contains(" " + prefix) || !addrs.output().contains("inet ");
      if (ours) {
        HostCommand.quietly("ip", "netns", "delete", name);
      }
    }
  }

  /**
   * Removes the chains of Kubernetes (kube-proxy, kubelet), of the CNI plugins and of this node,
   * with the rules that jump to them. Nothing else on these machines names chains so.
   */
  private static void removeChains(String iptables) {
    for (String table : List.of("filter", "nat", "mangle")) {
      HostCommand rules = HostCommand.quietly(iptables, "-w", "-t", table, "-S");
      if (!rules.ok()) {
        continue;
      }
      List<String> ours = new ArrayList<>();
      for (String line : rules.output().lines().toList()) {
        if (line.startsWith("-N ") && ours(line.substring(3).strip())) {
          ours.add(line.substring(3).strip());
        }
      }
      for (String line : rules.output().lines().toList()) {
        String[] parts = line.split("\\s+");
        if (line.startsWith("-A ") && !ours(parts[1]) && jumpsToOurs(parts)) {
          List<String> delete = new ArrayList<>(List.of(iptables, "-w", "-t", table, "-D"));
          delete.addAll(List.of(parts).subList(1, parts.length));
          HostCommand.run(delete, Map.of(), 30);
        }
      }
      for (String chain : ours) {
        HostCommand.quietly(iptables, "-w", "-t", table, "-F", chain);
      }
      for (String chain : ours) {
        HostCommand.quietly(iptables, "-w", "-t", table, "-X", chain);
      }
    }
  }

  private static boolean jumpsToOurs(String[] parts) {
    for (int i = 0; i < parts.length - 1; i++) {
      if ((parts[i].equals("-j") || parts[i].equals("-g")) && ours(parts[i + 1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean ours(String chain) {
    return CHAIN_PREFIXES.stream().anyMatch(chain::startsWith);
  }

  private static void restoreSysctls() {
    try {
      if (!Files.exists(SAVED_SYSCTLS)) {
        return;
      }
      Map<String, String> saved = new LinkedHashMap<>();
      for (String line : Files.readAllLines(SAVED_SYSCTLS)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          saved.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      saved.forEach((key, value) -> writeSysctl(key, value));
      Files.delete(SAVED_SYSCTLS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static java.util.Optional<String> readSysctl(String key) {
    Path file = Path.of("/proc/sys", key.replace('.', '/'));
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    // one read of the whole value: a sysctl read at a non-zero offset answers nothing, and
    // Files.readString reads the first byte alone ("10" came back as "1")
    try (var in = Files.newInputStream(file)) {
      return java.util.Optional.of(
          new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  static void writeSysctl(String key, String value) {
    Path file = Path.of("/proc/sys", key.replace('.', '/'));
    try {
      if (Files.exists(file) && !readSysctl(key).orElse("").equals(value)) {
        Files.writeString(file, value);
      }
    } catch (IOException e) {
      LOG.warn("cannot set {}={}: {}", key, value, e.toString());
    }
  }
}
