// Preloaded into Portkey's gateway (node --import) so that it listens on 127.0.0.1 only:
// its start-server.js calls serve({fetch, port}) without a hostname, and Node then binds every interface.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function')) {
    args.splice(1, args[1] === undefined ? 1 : 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
