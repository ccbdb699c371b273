/** The providers one mesh node deploys with, built from stack configuration and passed down. */

import * as kafka from "@pulumi/kafka";
import * as aws from "../components/aws.js";
import * as k8s from "../components/kubernetes.js";
import type { StackSettings } from "./settings.js";

export interface MeshProviders {
  readonly aws: aws.Provider;
  readonly kafka: kafka.Provider;
  readonly kubernetes: k8s.Provider;
}

export function createProviders(settings: StackSettings): MeshProviders {
  const { platform } = settings;
  return {
    aws: new aws.Provider("aws", {
      region: platform.region as aws.Region,
      // Refuses to touch any account but the one this stack is for.
      allowedAccountIds: [platform.accountId],
    }),
    kafka: new kafka.Provider("kafka", {
      bootstrapServers: platform.kafka.bootstrapServers,
      tlsEnabled: true,
      saslMechanism: platform.kafka.saslMechanism,
      saslUsername: settings.kafkaCredentials.username,
      saslPassword: settings.kafkaCredentials.password,
    }),
    kubernetes: new k8s.Provider("kubernetes", {
      // Named explicitly so a deploy never lands on whatever cluster the ambient kubeconfig points at.
      context: platform.kubernetes.context,
    }),
  };
}
