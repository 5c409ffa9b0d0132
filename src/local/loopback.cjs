/*
 * Preloaded into the Microsoft 365 Agents Playground process
 * (`node --require src/local/loopback.cjs .../cli.js start ...`): the playground
 * calls `server.listen(port)` without a host, i.e. on every interface. This
 * makes every server in that process listen on 127.0.0.1 unless a host is given,
 * so the local run stays on loopback.
 */
"use strict";
const net = require("node:net");

const LOOPBACK = "127.0.0.1";
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const first = args[0];
  if (args.length === 0 || typeof first === "function") {
    args.unshift(0, LOOPBACK);
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (typeof args[1] !== "string") args.splice(1, 0, LOOPBACK);
  } else if (
    first &&
    typeof first === "object" &&
    first.path === undefined &&
    first.host === undefined &&
    first.fd === undefined &&
    first._handle === undefined
  ) {
    args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
