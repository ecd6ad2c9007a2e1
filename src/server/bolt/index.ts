// Bolt over TCP and WebSocket: handshake, chunking, PackStream, the connection state machine.
export { BoltListener, type BoltListenerOptions } from './listener.js';
export { BoltConnection, type BoltState, type Transport } from './connection.js';
export type { Authenticator, BoltContext, DatabaseResolver } from './context.js';
export { Packer, Unpacker, type PackOptions, type PackValue, type UnpackOptions, BOLT5_PACK, CLIENT_UNPACK, Tag } from './packstream.js';
export { Dechunker, beginMessage, endMessage, MAX_CHUNK } from './chunking.js';
export { negotiate, readManifestPick, SUPPORTED_VERSIONS, version, formatVersion, type BoltVersion } from './handshake.js';
export { decodeRequest, type Request, type AuthToken, type TxExtra, Sig } from './messages.js';
