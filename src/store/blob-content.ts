/**
 * Documents' content in Azure Blob Storage (@azure/storage-blob), Azurite
 * locally and in tests (src/store/local-blob.ts). One private container; each
 * document version is one block blob named from its ids, never from the file
 * name ("<case>/<document id>/v<n>"), written once (If-None-Match: *), with its
 * content type set and its SHA-256 in the blob's metadata too. Reads stream.
 *
 * Pending chat uploads (files sent before their case is picked) live under
 * "pending/<upload id>/<n>".
 *
 * In Azure: the account URL (BLOB_ACCOUNT_URL) and the app's managed identity
 * with the data-plane role Storage Blob Data Contributor; shared-key access is
 * disabled on the account (infra/azure.bicep). The well-known development
 * account key is only ever used for Azurite on loopback.
 */
import { BlobServiceClient, RestError, type ContainerClient } from "@azure/storage-blob";
import type { TokenCredential } from "@azure/identity";
import { ContentConflictError, StoreUnavailableError, type CaseDocument, type DocumentContentStore, type PendingFile } from "../app/ports.js";

export type BlobConnection =
  /** Azurite (loopback only): the emulator's connection string. */
  | { kind: "connectionString"; connectionString: string; container: string }
  /** Azure: the account's blob endpoint and the app's identity (the same client id the Cosmos client uses). */
  | { kind: "managedIdentity"; accountUrl: string; container: string; clientId?: string }
  | { kind: "credential"; accountUrl: string; container: string; credential: TokenCredential };

/** The blob name of a document version: from its ids only. */
export const blobName = (doc: Pick<CaseDocument, "caseId" | "documentId" | "version">) =>
  `${encodeURIComponent(doc.caseId)}/${encodeURIComponent(doc.documentId)}/v${doc.version}`;
export const pendingBlobName = (uploadId: string, index: number) => `pending/${encodeURIComponent(uploadId)}/${index}`;

const status = (err: unknown) => (err instanceof RestError ? err.statusCode : undefined);

function unavailable(err: unknown, what: string): unknown {
  const s = status(err);
  if (s === undefined || s === 408 || s === 429 || s >= 500) return new StoreUnavailableError(`Blob storage unavailable while ${what}`, { cause: err });
  return err;
}

export class BlobContentStore implements DocumentContentStore {
  private constructor(private readonly ready: Promise<ContainerClient>) {
    // A failed start is reported by the first use (and logged by whoever started it); never an unhandled rejection.
    ready.catch(() => undefined);
  }

  /** Connects; `create` makes the container if it is missing (Azurite; in Azure the Bicep creates it). */
  static async connect(connection: BlobConnection, options: { create?: boolean } = {}): Promise<BlobContentStore> {
    const store = BlobContentStore.connectWhenReady(Promise.resolve(connection), options);
    await store.ready;
    return store;
  }

  /**
   * A store whose connection is still being made (Azurite starting beside the app): usable at once, each call
   * waits for it. The app's start does not wait for the emulator; the first document does.
   */
  static connectWhenReady(connection: Promise<BlobConnection>, options: { create?: boolean } = {}): BlobContentStore {
    return new BlobContentStore(connection.then((c) => containerFor(c, options)));
  }

  /** The container client (tests read blob properties through it). */
  containerClient(): Promise<ContainerClient> {
    return this.ready;
  }

  async put(doc: CaseDocument, content: Buffer): Promise<void> {
    await this.putOnce(blobName(doc), content, doc.contentType, {
      sha256: doc.sha256,
      caseid: doc.caseId,
      documentid: doc.documentId,
      version: String(doc.version),
    });
  }

  async open(doc: CaseDocument): Promise<{ size: number; contentType: CaseDocument["contentType"]; stream: NodeJS.ReadableStream } | undefined> {
    try {
      const res = await (await this.ready).getBlockBlobClient(blobName(doc)).download(0);
      if (!res.readableStreamBody) return undefined;
      return { size: res.contentLength ?? doc.size, contentType: doc.contentType, stream: res.readableStreamBody };
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw unavailable(err, `reading ${blobName(doc)}`);
    }
  }

  async putPending(uploadId: string, file: PendingFile, content: Buffer): Promise<void> {
    await this.putOnce(pendingBlobName(uploadId, file.index), content, file.contentType, { sha256: file.sha256 });
  }

  async readPending(uploadId: string, file: PendingFile): Promise<Buffer | undefined> {
    try {
      return await (await this.ready).getBlockBlobClient(pendingBlobName(uploadId, file.index)).downloadToBuffer();
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw unavailable(err, `reading a pending upload`);
    }
  }

  /** Every blob name in the container (tests: nothing stored on a refusal). */
  async names(prefix?: string): Promise<string[]> {
    const out: string[] = [];
    for await (const b of (await this.ready).listBlobsFlat(prefix ? { prefix } : {})) out.push(b.name);
    return out;
  }

  /** Writes a blob once. The same content again is a no-op; other content under the name is a conflict. */
  private async putOnce(name: string, content: Buffer, contentType: string, metadata: Record<string, string> & { sha256: string }): Promise<void> {
    const blob = (await this.ready).getBlockBlobClient(name);
    try {
      await blob.uploadData(content, { blobHTTPHeaders: { blobContentType: contentType }, metadata, conditions: { ifNoneMatch: "*" } });
    } catch (err) {
      const s = status(err);
      if (s !== 409 && s !== 412) throw unavailable(err, `writing ${name}`);
      const existing = await blob.getProperties().catch((e: unknown) => {
        throw unavailable(e, `reading ${name}`);
      });
      if (existing.metadata?.sha256 !== metadata.sha256) throw new ContentConflictError(`${name} already holds other content`);
    }
  }
}

async function containerFor(connection: BlobConnection, options: { create?: boolean }): Promise<ContainerClient> {
  let service: BlobServiceClient;
  const retryOptions = { maxTries: 3, tryTimeoutInMs: 30_000 };
  switch (connection.kind) {
    case "connectionString":
      service = BlobServiceClient.fromConnectionString(connection.connectionString, { retryOptions });
      break;
    case "credential":
      service = new BlobServiceClient(connection.accountUrl, connection.credential, { retryOptions });
      break;
    case "managedIdentity": {
      const identity = await import("@azure/identity");
      const credential = connection.clientId
        ? new identity.ManagedIdentityCredential({ clientId: connection.clientId })
        : new identity.DefaultAzureCredential();
      service = new BlobServiceClient(connection.accountUrl, credential, { retryOptions });
      break;
    }
  }
  const container = service.getContainerClient(connection.container);
  if (options.create) await container.createIfNotExists();
  return container;
}
