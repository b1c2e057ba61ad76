"""Scheduling tools' own files (MS Project XML, Primavera P6 XER and XML, GanttProject, and
through MPXJ ``.mpp``, MPX and GNOME Planner), read into :class:`data.schedules.model.Schedule`
and turned into Slipline's tables. No Qt, like all of ``data``."""
