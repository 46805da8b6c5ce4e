// Change notifications from the services, so in-memory indexes (the RADIUS
// hot path) follow every committed write without reading the database.
import { EventEmitter } from 'node:events';

export interface ChangeEvent {
  type: string;
  op: 'create' | 'update' | 'delete';
  id: string;
}

export class ChangeBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(100);
  }

  publish(event: ChangeEvent): void {
    this.#emitter.emit('change', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }
}
