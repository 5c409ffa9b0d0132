/**
 * The local server's query route (src/store/local-query.ts): a query sent with a
 * partition key reads that partition only (as Azure does), through the
 * partition index the library's writes and deletes keep; results, order and
 * paging otherwise as the library's own cross-partition scan gives them.
 */
import { CosmosClient, type Container } from "@azure/cosmos";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalCosmos, type LocalCosmos } from "../../src/store/local-server.js";

let local: LocalCosmos;
let client: CosmosClient;
let container: Container;

beforeAll(async () => {
  local = await startLocalCosmos({ dataDir: null, handleSignals: false });
  client = new CosmosClient({ endpoint: local.endpoint, key: local.key, connectionPolicy: { enableEndpointDiscovery: false } });
  const { database } = await client.databases.createIfNotExists({ id: "q" });
  ({ container } = await database.containers.createIfNotExists({ id: "meetings", partitionKey: { paths: ["/meetingId"] } }));
  for (const m of ["A", "B", "C"]) {
    for (let i = 0; i < 5; i++) await container.items.create({ id: `${m}-${i}`, meetingId: m, n: (i * 7) % 5, type: i % 2 ? "position" : "attendance" });
  }
});
afterAll(async () => {
  client.dispose();
  await local.stop();
});

type Row = { id: string; meetingId: string; n: number; type?: string };
const scoped = async (partition: string, query: string, parameters: { name: string; value: string }[] = []) =>
  (await container.items.query<Row>({ query, parameters }, { partitionKey: partition }).fetchAll()).resources;
const across = async (query: string, parameters: { name: string; value: string }[] = []) =>
  (await container.items.query<Row>({ query, parameters }).fetchAll()).resources;
const ids = (rows: Row[]) => rows.map((r) => r.id);

describe("a query with a partition key", () => {
  it("reads that partition only, as Azure scopes it (a filter naming another partition finds nothing)", async () => {
    expect(ids(await scoped("B", "SELECT * FROM c WHERE c.meetingId = @pk", [{ name: "@pk", value: "B" }]))).toEqual(["B-0", "B-1", "B-2", "B-3", "B-4"]);
    // The library scanned every partition and returned A's documents here.
    expect(await scoped("B", "SELECT * FROM c WHERE c.meetingId = @pk", [{ name: "@pk", value: "A" }])).toEqual([]);
  });

  it("gives what the cross-partition scan gives for the same filter: rows, ORDER BY, projections, aggregates", async () => {
    const cases: [string, { name: string; value: string }[]][] = [
      ["SELECT * FROM c WHERE c.meetingId = @pk AND (c.type IN ('attendance') OR c.n > @n)", [{ name: "@n", value: 2 as unknown as string }]],
      ["SELECT c.id, c.n FROM c WHERE c.meetingId = @pk ORDER BY c.n DESC", []],
      ["SELECT VALUE COUNT(1) FROM c WHERE c.meetingId = @pk AND c.type = 'position'", []],
    ];
    for (const [sql, params] of cases) {
      for (const m of ["A", "C"]) {
        const withPk = [...params, { name: "@pk", value: m }];
        expect(await scoped(m, sql, withPk), sql).toEqual(await across(sql, withPk));
      }
    }
  });

  it("follows creates, replaces and deletes (the partition index is kept by the library's write paths)", async () => {
    await container.items.create({ id: "D-1", meetingId: "D", n: 1 });
    await container.items.upsert({ id: "D-2", meetingId: "D", n: 2 });
    expect(ids(await scoped("D", "SELECT * FROM c WHERE c.meetingId = 'D'"))).toEqual(["D-1", "D-2"]);
    await container.item("D-1", "D").replace({ id: "D-1", meetingId: "D", n: 10 });
    await container.items.upsert({ id: "D-2", meetingId: "D", n: 20 });
    expect(await scoped("D", "SELECT c.id, c.n FROM c WHERE c.meetingId = 'D' ORDER BY c.id")).toEqual([
      { id: "D-1", n: 10 },
      { id: "D-2", n: 20 },
    ]);
    await container.item("D-1", "D").delete();
    expect(ids(await scoped("D", "SELECT * FROM c WHERE c.meetingId = 'D'"))).toEqual(["D-2"]);
    await container.item("D-2", "D").delete();
    expect(await scoped("D", "SELECT * FROM c WHERE c.meetingId = 'D'")).toEqual([]);
    await container.items.create({ id: "D-1", meetingId: "D", n: 3 });
    expect(ids(await scoped("D", "SELECT * FROM c WHERE c.meetingId = 'D'"))).toEqual(["D-1"]);
    expect(ids(await across("SELECT * FROM c WHERE c.meetingId = 'D'"))).toEqual(["D-1"]);
  });

  it("pages within the partition with continuation tokens, as the library does", async () => {
    const pages: string[][] = [];
    const iterator = container.items.query<Row>("SELECT * FROM c WHERE c.meetingId = 'A' ORDER BY c.id", { partitionKey: "A", maxItemCount: 2 });
    while (iterator.hasMoreResults()) {
      const page = await iterator.fetchNext();
      if (page.resources.length) pages.push(ids(page.resources));
    }
    expect(pages).toEqual([["A-0", "A-1"], ["A-2", "A-3"], ["A-4"]]);
  });

  it("keeps one compiled query per SQL text without mixing parameter values", async () => {
    const sql = "SELECT VALUE c.id FROM c WHERE c.meetingId = @pk AND c.n = @n";
    for (const [m, n] of [
      ["A", 0],
      ["B", 2],
      ["A", 4],
    ] as const) {
      const got = (
        await container.items
          .query<string>(
            {
              query: sql,
              parameters: [
                { name: "@pk", value: m },
                { name: "@n", value: n },
              ],
            },
            { partitionKey: m },
          )
          .fetchAll()
      ).resources;
      const want = [0, 1, 2, 3, 4].filter((i) => (i * 7) % 5 === n).map((i) => `${m}-${i}`);
      expect(got).toEqual(want);
    }
  });

  it("answers bad SQL with 400 and changes nothing", async () => {
    await expect(scoped("A", "SELECT * FROM c WHERE")).rejects.toMatchObject({ code: 400 });
    expect(ids(await scoped("A", "SELECT * FROM c WHERE c.meetingId = 'A'"))).toHaveLength(5);
  });
});

describe("the query plan the SDK asks for beside every query", () => {
  it("is refused at once with 400, naming why (the library ran the query again and sent documents back as a plan)", async () => {
    const res = await fetch(`${local.endpoint}/dbs/q/colls/meetings/docs`, {
      method: "POST",
      headers: {
        "content-type": "application/query+json",
        "x-ms-cosmos-is-query-plan-request": "True",
        "x-ms-documentdb-query-enablecrosspartition": "true",
      },
      body: JSON.stringify({ query: "SELECT * FROM c" }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; Documents?: unknown };
    expect(body.message).toMatch(/no query plans/);
    expect(body.Documents).toBeUndefined();
    // The SDK's queries, which ask for that plan in parallel, are answered as before (the tests above), also across partitions.
    expect((await across("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'position'")) as unknown).toEqual([6]);
  });
});
