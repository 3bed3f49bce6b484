import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

/** Short messages for the user: errors stay until dismissed, the rest fade after a few seconds. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 1;

  function push(kind: Notice['kind'], text: string): void {
    const id = nextId++;
    notices.value = [...notices.value.slice(-2), { id, kind, text }];
    if (kind !== 'error') setTimeout(() => dismiss(id), 4000);
  }

  const dismiss = (id: number) => (notices.value = notices.value.filter((n) => n.id !== id));
  const error = (e: unknown) => push('error', e instanceof Error ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(e));

  return { notices, push, dismiss, error };
});
