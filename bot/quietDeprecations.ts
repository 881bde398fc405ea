// Imported before restify. restify 11 loads spdy (HTTP/2, which this bot never serves), and spdy's
// http-deceiver calls process.binding('http_parser') when it is loaded, so Node prints DEP0111 twice at
// every start. The call is in a dependency of a dependency, nothing here can change it, and the warning
// tells someone running the bot nothing they can act on. Only that warning is dropped; every other
// warning (deprecations included) still shows.
const emitWarning = process.emitWarning.bind(process);

function isHttpParserBinding(warning: string | Error, rest: unknown[]): boolean {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: unknown }).code : rest[1];
  const text = typeof warning === 'string' ? warning : warning.message;
  return code === 'DEP0111' && text.includes("process.binding('http_parser')");
}

process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (isHttpParserBinding(warning, rest)) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
