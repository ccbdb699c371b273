/**
 * Just enough of the S3 API for the integration tests to do what the platform's other writers do
 * (the ingestion sink lands raw files; the platform creates buckets): create a bucket, put, get,
 * list and delete objects, each request signed with AWS Signature Version 4 (path-style).
 */
import { createHash, createHmac } from "node:crypto";
import type { S3Info } from "./s3.js";

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const encodePath = (path: string) =>
  path
    .split("/")
    .map((p) =>
      encodeURIComponent(p).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join("/");

export class S3Client {
  constructor(private readonly s3: S3Info) {}

  private async request(
    method: string,
    path: string,
    options: { body?: Uint8Array | string; query?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = new URL(this.s3.endpoint);
    const body =
      typeof options.body === "string" ? Buffer.from(options.body) : (options.body ?? new Uint8Array());
    const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
    const day = now.slice(0, 8);
    const query = Object.entries(options.query ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join("&");
    const payload = sha256(body);
    const headers: Record<string, string> = {
      host: url.host,
      "x-amz-content-sha256": payload,
      "x-amz-date": now,
    };
    const signed = Object.keys(headers).sort();
    const canonical = [
      method,
      encodePath(path),
      query,
      ...signed.map((h) => `${h}:${headers[h]}`),
      "",
      signed.join(";"),
      payload,
    ].join("\n");
    const scope = `${day}/${this.s3.region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", now, scope, sha256(canonical)].join("\n");
    let key: Buffer = hmac(`AWS4${this.s3.secretAccessKey}`, day);
    for (const part of [this.s3.region, "s3", "aws4_request"]) key = hmac(key, part);
    const signature = createHmac("sha256", key).update(toSign).digest("hex");
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${this.s3.accessKeyId}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
    const response = await fetch(`${this.s3.endpoint}${encodePath(path)}${query ? `?${query}` : ""}`, {
      method,
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    if (!response.ok && !(method === "GET" && response.status === 404)) {
      throw new Error(`S3 ${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return response;
  }

  async createBucket(bucket: string): Promise<void> {
    await this.request("PUT", `/${bucket}`);
  }

  async put(bucket: string, key: string, body: Uint8Array | string): Promise<void> {
    await this.request("PUT", `/${bucket}/${key}`, { body });
  }

  /** The object's bytes, or undefined when there is none. */
  async get(bucket: string, key: string): Promise<Buffer | undefined> {
    const response = await this.request("GET", `/${bucket}/${key}`);
    return response.status === 404 ? undefined : Buffer.from(await response.arrayBuffer());
  }

  /** Every key under `prefix` (ListObjectsV2, all pages). */
  async list(bucket: string, prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { "list-type": "2", prefix };
      if (token) query["continuation-token"] = token;
      const xml = await (await this.request("GET", `/${bucket}`, { query })).text();
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(m[1]!.replace(/&amp;/g, "&"));
      token = /<NextContinuationToken>([^<]*)</.exec(xml)?.[1];
    } while (token);
    return keys;
  }
}
