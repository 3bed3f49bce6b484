import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

/** How long a notice stays unless closed: errors long enough to read twice, the rest a glance. */
export const NOTICE_MS = { error: 12_000, info: 4000, success: 4000 } as const;

/** Short messages for the user; each fades on its own and has a close button. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 1;

  function push(kind: Notice['kind'], text: string): void {
    const id = nextId++;
    notices.value = [...notices.value.slice(-2), { id, kind, text }];
    setTimeout(() => dismiss(id), NOTICE_MS[kind]);
  }

  const dismiss = (id: number) => (notices.value = notices.value.filter((n) => n.id !== id));
  const error = (e: unknown) => push('error', e instanceof Error ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(e));

  return { notices, push, dismiss, error };
});
