// The header that carries a request's real host when it is sent to a loopback address instead (Node's
// fetch, undici, will not send a `Host` header we set: toolchain.md, "PnPjs 4.21.0 in Node"). A neutral
// name both ends agree on: the tenant transport writes it, a loopback server reads it; neither imports the other.
export const ORIGINAL_HOST_HEADER = 'x-original-host';
