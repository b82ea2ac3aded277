// A Lambda-like Node.js runtime for one function: loads the unpacked zip's handler once (cold
// start) and serves invocations sent over IPC, keeping module state warm between them.
"use strict";
const path = require("node:path");

const taskRoot = process.env.LAMBDA_TASK_ROOT;
const [file, exportName] = (process.env._HANDLER || "index.handler").split(".");
let handler;
let initError;
try {
  handler = require(path.join(taskRoot, file))[exportName];
  if (typeof handler !== "function") initError = new Error(`Handler ${process.env._HANDLER} is not a function`);
} catch (err) {
  initError = err;
}

process.on("message", async (msg) => {
  if (!msg || msg.type !== "invoke") return;
  const started = Date.now();
  const deadline = started + msg.timeoutMs;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: "$LATEST",
    invokedFunctionArn: msg.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: msg.id,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  const reply = (payload) => process.send({ type: "result", id: msg.id, ...payload });
  if (initError) return reply({ ok: false, errorMessage: String(initError && initError.message ? initError.message : initError), initError: true });
  try {
    const result = await handler(msg.event, context);
    reply({ ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (err) {
    reply({
      ok: false,
      errorMessage: err && typeof err.message === "string" ? err.message : String(err),
      errorType: err && typeof err.name === "string" ? err.name : "Error",
    });
  }
});
process.send({ type: "ready" });
