package io.s3posture.localstack.image;

import java.nio.file.Path;

/**
 * What images are built and pushed with here: umoci (OCI layouts without a daemon), skopeo (copies
 * a layout to a registry), and the cached base (hack/install-tools.sh node): a Debian root
 * filesystem with the JRE, and the same as a one-layer OCI layout (image {@code base}).
 */
public record ImageTools(Path umoci, Path skopeo, Path baseRootfs, Path baseLayout) {}
