package io.s3posture.aws;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The profiles of the shared AWS files, as the SDK reads them (AWS_CONFIG_FILE, ...). */
public final class AwsProfiles {

  private AwsProfiles() {}

  /** Whether the shared files define the profile {@code name}. */
  public static boolean exists(String name) {
    return names().contains(name);
  }

  /** The profiles the shared files define, sorted. */
  public static List<String> names() {
    try {
      return ProfileFile.defaultProfileFile().profiles().keySet().stream().sorted().toList();
    } catch (RuntimeException e) {
      return List.of(); // an unreadable file defines nothing
    }
  }

  /** Where the SDK looks: the config and the credentials file. */
  public static List<String> files() {
    return List.of(
        ProfileFileLocation.configurationFilePath().toString(),
        ProfileFileLocation.credentialsFilePath().toString());
  }

  /**
   * The region the SDK's default chain finds (environment, system property, the profile's config),
   * if any.
   */
  public static Optional<String> defaultRegion(Optional<String> profile) {
    try {
      return Optional.of(
          DefaultAwsRegionProviderChain.builder()
              .profileName(profile.orElse(null))
              .build()
              .getRegion()
              .id());
    } catch (SdkClientException e) {
      return Optional.empty();
    }
  }
}
