/**
 * TEST DOUBLE of the AtlasEngine interface (providers/pulumi/engine.ts): no Pulumi, no cloud. It records
 * every call (operation, stack, the peers the definition carried, the names of the environment variables it
 * got — never their values), keeps a per-stack "state" like a backend would (deployed or not, outputs, a
 * kubeconfig secret output), and models Pulumi's state lock: an operation that is left hanging ("crash")
 * keeps the stack locked, and up/refresh/destroy on a locked stack fail as Pulumi's do until cancel() runs.
 * Failures can be scripted per operation and stack. Shared by two controller instances, it plays the
 * backend surviving a controller process.
 */
import type { AtlasEngine, StackContext, StackRunResult } from '../../providers/pulumi/engine.js';
import type { StackDefinition } from '../../providers/pulumi/stacks.js';

/** One recorded call. */
export interface EngineCall {
  readonly op: 'up' | 'refresh' | 'cancel' | 'destroy' | 'secretOutput';
  readonly stack: string;
  /** up/refresh: the peers of the definition. */
  readonly peers?: readonly string[];
  /** up: node pool names of the definition. */
  readonly pools?: readonly string[];
  /** Names of the environment variables the engine got. */
  readonly envKeys: readonly string[];
  /** Date.now() of the call. */
  readonly at: number;
}

type Op = EngineCall['op'];

/** The recording engine double. */
export class RecordingEngine implements AtlasEngine {
  readonly calls: EngineCall[] = [];
  /** Deployed stacks and their resource counts. */
  readonly deployed = new Map<string, number>();
  /** Stacks whose last operation never finished (a lock Pulumi keeps until `cancel`). */
  readonly locked = new Set<string>();
  private readonly failures: { op: Op; stack: string; times: number; message: (ctx: StackContext) => string }[] = [];
  private readonly hangs: { op: Op; stack: string; started: () => void }[] = [];
  /** Called on every log line the engine emits; lets a test echo a secret to see it redacted. */
  logLine: (stack: string, ctx: StackContext) => string = (stack) => `updating ${stack}`;

  /** Makes the next `times` calls of `op` on `stack` fail with `message` (which may quote a secret). */
  failNext(op: Op, stack: string, times: number, message: (ctx: StackContext) => string = () => 'provider error'): void {
    this.failures.push({ op, stack, times, message });
  }

  /** Makes the next `op` on `stack` start and never finish (the controller process is killed mid-operation). Resolves when it started. */
  hangNext(op: Op, stack: string): Promise<void> {
    return new Promise((resolve) => this.hangs.push({ op, stack, started: resolve }));
  }

  /** The kubeconfig a stack outputs (a test asserts it only lands in the Secret). */
  static kubeconfigOf(stack: string): string {
    return `apiVersion: v1\nkind: Config\nclusters:\n- name: ${stack}\n  cluster: {server: 'https://${stack}.test.invalid'}\n# secret-marker-${stack}\n`;
  }

  /** Calls of `op`, as stack names in call order. */
  stacksOf(op: Op): string[] {
    return this.calls.filter((c) => c.op === op).map((c) => c.stack);
  }

  private record(op: Op, stack: string, ctx: StackContext, def?: StackDefinition): void {
    this.calls.push({
      op,
      stack,
      ...(def ? { peers: def.peers.map((p) => p.name), pools: def.cluster.nodePools.map((p) => p.name) } : {}),
      envKeys: Object.keys(ctx.secrets.env).sort(),
      at: Date.now(),
    });
  }

  private async script(op: Op, stack: string, ctx: StackContext): Promise<StackRunResult | undefined> {
    const hang = this.hangs.findIndex((h) => h.op === op && h.stack === stack);
    if (hang >= 0) {
      const [h] = this.hangs.splice(hang, 1);
      this.locked.add(stack);
      h?.started();
      await new Promise(() => undefined);
    }
    if (this.locked.has(stack))
      return this.failed(
        stack,
        'error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.',
      );
    const f = this.failures.find((x) => x.op === op && x.stack === stack && x.times > 0);
    if (f) {
      f.times--;
      return this.failed(stack, f.message(ctx));
    }
    return undefined;
  }

  private failed(stack: string, error: string): StackRunResult {
    return { stack, ok: false, outputs: {}, secretOutputs: [], error };
  }

  async up(def: StackDefinition, ctx: StackContext): Promise<StackRunResult> {
    this.record('up', def.name, ctx, def);
    ctx.log(this.logLine(def.name, ctx));
    const scripted = await this.script('up', def.name, ctx);
    if (scripted) return scripted;
    const count = 3 + def.cluster.nodePools.length + (def.cluster.gateway ? 1 : 0) + def.peers.length;
    this.deployed.set(def.name, count);
    return {
      stack: def.name,
      ok: true,
      resourceCount: count,
      outputs: { endpoint: `https://${def.name}.test.invalid`, caCertificate: Buffer.from(`CA of ${def.name}`).toString('base64') },
      secretOutputs: ['kubeconfig'],
    };
  }

  async refresh(def: StackDefinition, ctx: StackContext): Promise<StackRunResult> {
    this.record('refresh', def.name, ctx, def);
    const scripted = await this.script('refresh', def.name, ctx);
    if (scripted) return scripted;
    return { stack: def.name, ok: true, outputs: {}, secretOutputs: [] };
  }

  cancel(stack: string, ctx: StackContext): Promise<void> {
    this.record('cancel', stack, ctx);
    if (!this.locked.delete(stack)) return Promise.reject(new Error('error: no stack update is in progress'));
    return Promise.resolve();
  }

  async destroy(stack: string, ctx: StackContext): Promise<StackRunResult> {
    this.record('destroy', stack, ctx);
    const scripted = await this.script('destroy', stack, ctx);
    if (scripted) return scripted;
    this.deployed.delete(stack);
    return { stack, ok: true, resourceCount: 0, outputs: {}, secretOutputs: [] };
  }

  secretOutput(stack: string, name: string, ctx: StackContext): Promise<string | undefined> {
    this.record('secretOutput', stack, ctx);
    return Promise.resolve(name === 'kubeconfig' && this.deployed.has(stack) ? RecordingEngine.kubeconfigOf(stack) : undefined);
  }
}
