import { DEMO_ENTITIES } from '../master/entities.ts'
import { flag } from './common.ts'

/** ENTITIES (`fdw.Dim_Company`): the whole demo master, whatever the run's companies. */
export function* entityRows(): Generator<unknown[]> {
  for (const e of DEMO_ENTITIES) {
    yield [e.code, e.name, e.country, 'Opco', flag(e.isActive), flag(e.inConsoScope)]
  }
}
