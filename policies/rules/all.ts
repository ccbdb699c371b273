/**
 * The registry of every mesh rule, in one list so the pack, the offline engine and the docs cannot
 * disagree about which rules exist.
 */

import governanceAwsGovernanceTags from "./governance/aws-governance-tags.js";
import governanceK8sGovernanceLabels from "./governance/k8s-governance-labels.js";
import governanceStatefulResourcesProtected from "./governance/stateful-resources-protected.js";
import governanceTagValuesValid from "./governance/tag-values-valid.js";
import iamIrsaTrustConditions from "./iam/irsa-trust-conditions.js";
import iamNoAdminManagedPolicy from "./iam/no-admin-managed-policy.js";
import iamNoWildcardAction from "./iam/no-wildcard-action.js";
import iamNoWildcardResource from "./iam/no-wildcard-resource.js";
import iamPassroleScoped from "./iam/passrole-scoped.js";
import iamPermissionDocumentKnown from "./iam/permission-document-known.js";
import iamTrustNoWildcardPrincipal from "./iam/trust-no-wildcard-principal.js";
import kafkaAclNoClusterOperations from "./kafka/acl-no-cluster-operations.js";
import kafkaAclNoWildcards from "./kafka/acl-no-wildcards.js";
import kafkaAclPrefixOnDomainNamespace from "./kafka/acl-prefix-on-domain-namespace.js";
import kafkaConnectorDeadLetterQueue from "./kafka/connector-dead-letter-queue.js";
import kafkaConnectorDeadLetterTopicExists from "./kafka/connector-dead-letter-topic-exists.js";
import kafkaConnectorNoStaticCredentials from "./kafka/connector-no-static-credentials.js";
import kafkaTopicHasDeadLetterTopic from "./kafka/topic-has-dead-letter-topic.js";
import kafkaTopicHasOwnerAcls from "./kafka/topic-has-owner-acls.js";
import kafkaTopicMinInsyncReplicas from "./kafka/topic-min-insync-replicas.js";
import kafkaTopicNameConvention from "./kafka/topic-name-convention.js";
import kafkaTopicReplicationFactor from "./kafka/topic-replication-factor.js";
import kafkaTopicRetentionBounded from "./kafka/topic-retention-bounded.js";
import kafkaTopicUncleanLeaderElectionDisabled from "./kafka/topic-unclean-leader-election-disabled.js";
import kubernetesApparmorNotUnconfined from "./kubernetes/apparmor-not-unconfined.js";
import kubernetesCapabilitiesDropAll from "./kubernetes/capabilities-drop-all.js";
import kubernetesCronjobConcurrencyPolicy from "./kubernetes/cronjob-concurrency-policy.js";
import kubernetesCronjobStartingDeadline from "./kubernetes/cronjob-starting-deadline.js";
import kubernetesDefaultProcMount from "./kubernetes/default-proc-mount.js";
import kubernetesImagePinned from "./kubernetes/image-pinned.js";
import kubernetesJobBackoffLimit from "./kubernetes/job-backoff-limit.js";
import kubernetesNoContainerUlimits from "./kubernetes/no-container-ulimits.js";
import kubernetesNoHostNamespaces from "./kubernetes/no-host-namespaces.js";
import kubernetesNoHostPorts from "./kubernetes/no-host-ports.js";
import kubernetesNoPlaintextSecretEnv from "./kubernetes/no-plaintext-secret-env.js";
import kubernetesNoPrivilegeEscalation from "./kubernetes/no-privilege-escalation.js";
import kubernetesNoPrivileged from "./kubernetes/no-privileged.js";
import kubernetesNoProbeHost from "./kubernetes/no-probe-host.js";
import kubernetesNotDefaultNamespace from "./kubernetes/not-default-namespace.js";
import kubernetesNotDefaultServiceAccount from "./kubernetes/not-default-service-account.js";
import kubernetesReadonlyCgroupMount from "./kubernetes/readonly-cgroup-mount.js";
import kubernetesResourcesRequestsAndLimits from "./kubernetes/resources-requests-and-limits.js";
import kubernetesRestrictedVolumeTypes from "./kubernetes/restricted-volume-types.js";
import kubernetesRunAsNonRoot from "./kubernetes/run-as-non-root.js";
import kubernetesRunAsNonZeroUid from "./kubernetes/run-as-non-zero-uid.js";
import kubernetesSafeSysctlsOnly from "./kubernetes/safe-sysctls-only.js";
import kubernetesSeccompRuntimeDefault from "./kubernetes/seccomp-runtime-default.js";
import kubernetesSelinuxOptionsRestricted from "./kubernetes/selinux-options-restricted.js";
import meshConnectorOwnProducts from "./mesh/connector-own-products.js";
import meshContractCompatibleWithinMajor from "./mesh/contract-compatible-within-major.js";
import meshContractVersionBumped from "./mesh/contract-version-bumped.js";
import meshCrossDomainAccessDeclared from "./mesh/cross-domain-access-declared.js";
import meshGluePiiTableClassified from "./mesh/glue-pii-table-classified.js";
import meshGrantsWithinProductAccess from "./mesh/grants-within-product-access.js";
import meshPiiProductsClassified from "./mesh/pii-products-classified.js";
import meshResourcesInDomain from "./mesh/resources-in-domain.js";
import meshTransformNetworkDefaultDeny from "./mesh/transform-network-default-deny.js";
import s3BucketHasEncryption from "./s3/bucket-has-encryption.js";
import s3BucketHasLifecycle from "./s3/bucket-has-lifecycle.js";
import s3BucketHasOwnershipControls from "./s3/bucket-has-ownership-controls.js";
import s3BucketHasPolicy from "./s3/bucket-has-policy.js";
import s3BucketHasPublicAccessBlock from "./s3/bucket-has-public-access-block.js";
import s3BucketHasVersioning from "./s3/bucket-has-versioning.js";
import s3BucketNoInlineCompanionSettings from "./s3/bucket-no-inline-companion-settings.js";
import s3BucketPolicyNoPublicPrincipal from "./s3/bucket-policy-no-public-principal.js";
import s3BucketPolicyTlsOnly from "./s3/bucket-policy-tls-only.js";
import s3EncryptionSseKmsBucketKey from "./s3/encryption-sse-kms-bucket-key.js";
import s3LifecycleExpiresAndAbortsUploads from "./s3/lifecycle-expires-and-aborts-uploads.js";
import s3NoPublicAcl from "./s3/no-public-acl.js";
import s3OwnershipBucketOwnerEnforced from "./s3/ownership-bucket-owner-enforced.js";
import s3PublicAccessBlockAllFlags from "./s3/public-access-block-all-flags.js";
import s3VersioningEnabled from "./s3/versioning-enabled.js";
import type { MeshPolicy } from "./types.js";

export const allRules: readonly MeshPolicy[] = [
  s3BucketHasEncryption,
  s3BucketHasLifecycle,
  s3BucketHasOwnershipControls,
  s3BucketHasPolicy,
  s3BucketHasPublicAccessBlock,
  s3BucketHasVersioning,
  s3BucketNoInlineCompanionSettings,
  s3BucketPolicyNoPublicPrincipal,
  s3BucketPolicyTlsOnly,
  s3EncryptionSseKmsBucketKey,
  s3LifecycleExpiresAndAbortsUploads,
  s3NoPublicAcl,
  s3OwnershipBucketOwnerEnforced,
  s3PublicAccessBlockAllFlags,
  s3VersioningEnabled,
  iamIrsaTrustConditions,
  iamNoAdminManagedPolicy,
  iamNoWildcardAction,
  iamNoWildcardResource,
  iamPassroleScoped,
  iamPermissionDocumentKnown,
  iamTrustNoWildcardPrincipal,
  kafkaAclNoClusterOperations,
  kafkaAclNoWildcards,
  kafkaAclPrefixOnDomainNamespace,
  kafkaConnectorDeadLetterQueue,
  kafkaConnectorDeadLetterTopicExists,
  kafkaConnectorNoStaticCredentials,
  kafkaTopicHasDeadLetterTopic,
  kafkaTopicHasOwnerAcls,
  kafkaTopicMinInsyncReplicas,
  kafkaTopicNameConvention,
  kafkaTopicReplicationFactor,
  kafkaTopicRetentionBounded,
  kafkaTopicUncleanLeaderElectionDisabled,
  kubernetesApparmorNotUnconfined,
  kubernetesCapabilitiesDropAll,
  kubernetesCronjobConcurrencyPolicy,
  kubernetesCronjobStartingDeadline,
  kubernetesDefaultProcMount,
  kubernetesImagePinned,
  kubernetesJobBackoffLimit,
  kubernetesNoContainerUlimits,
  kubernetesNoHostNamespaces,
  kubernetesNoHostPorts,
  kubernetesNoPlaintextSecretEnv,
  kubernetesNoPrivilegeEscalation,
  kubernetesNoPrivileged,
  kubernetesNoProbeHost,
  kubernetesNotDefaultNamespace,
  kubernetesNotDefaultServiceAccount,
  kubernetesReadonlyCgroupMount,
  kubernetesResourcesRequestsAndLimits,
  kubernetesRestrictedVolumeTypes,
  kubernetesRunAsNonRoot,
  kubernetesRunAsNonZeroUid,
  kubernetesSafeSysctlsOnly,
  kubernetesSeccompRuntimeDefault,
  kubernetesSelinuxOptionsRestricted,
  governanceAwsGovernanceTags,
  governanceK8sGovernanceLabels,
  governanceStatefulResourcesProtected,
  governanceTagValuesValid,
  meshConnectorOwnProducts,
  meshContractCompatibleWithinMajor,
  meshContractVersionBumped,
  meshCrossDomainAccessDeclared,
  meshGluePiiTableClassified,
  meshGrantsWithinProductAccess,
  meshPiiProductsClassified,
  meshResourcesInDomain,
  meshTransformNetworkDefaultDeny,
];
