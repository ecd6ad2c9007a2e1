// The gRPC face of the server: `quiver.v1.Quiver` and `grpc.health.v1.Health` (quiver.proto).
export { PROTO_OPTIONS, protoPath, startGrpc, toStatus, type GrpcOptions, type GrpcServer } from './service.js';
export { fromWire, toWire, wireToMap, mapToWire, type WireValue } from './values.js';
