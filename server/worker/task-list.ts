// graphile-worker tasks: every tasks/**/<name>.ts default-exports a Task; the path is its name
// (tasks/eligibility/run-sweep.ts -> "eligibility/run-sweep").
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Task, TaskList } from 'graphile-worker';
import { repoRoot } from '../config.ts';

export const tasksDir = path.join(repoRoot, 'tasks');

export async function loadTaskList(dir = tasksDir): Promise<TaskList> {
  const taskList: TaskList = {};
  if (!fs.existsSync(dir)) return taskList;
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('_lib'))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: Task };
    if (typeof mod.default !== 'function') throw new Error(`tasks/${file} must default-export a task function`);
    taskList[file.replace(/\.ts$/, '').split(path.sep).join('/')] = mod.default;
  }
  return taskList;
}
