"""The diagram a new process definition starts from: a pool with one lane holding a start event, one user task and
an end event, with its drawing (BPMN DI) so that the designer opens it as drawn."""

from xml.sax.saxutils import quoteattr

STARTER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="definitions_{pid}" targetNamespace="https://digigov.example/bpmn">
  <bpmn:collaboration id="collaboration_{pid}">
    <bpmn:participant id="pool_{pid}" name={name} processRef="{pid}" />
  </bpmn:collaboration>
  <bpmn:process id="{pid}" name={name} isExecutable="true">
    <bpmn:laneSet id="lanes_{pid}">
      <bpmn:lane id="lane_lead" name={lane}>
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>handle</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>flow_start_handle</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="handle" name={task}>
      <bpmn:incoming>flow_start_handle</bpmn:incoming><bpmn:outgoing>flow_handle_end</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>flow_handle_end</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_start_handle" sourceRef="start" targetRef="handle" />
    <bpmn:sequenceFlow id="flow_handle_end" sourceRef="handle" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram_{pid}">
    <bpmndi:BPMNPlane id="plane_{pid}" bpmnElement="collaboration_{pid}">
      <bpmndi:BPMNShape id="pool_{pid}_di" bpmnElement="pool_{pid}" isHorizontal="true">
        <dc:Bounds x="120" y="80" width="560" height="200" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="lane_lead_di" bpmnElement="lane_lead" isHorizontal="true">
        <dc:Bounds x="150" y="80" width="530" height="200" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="start_di" bpmnElement="start">
        <dc:Bounds x="212" y="162" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="handle_di" bpmnElement="handle">
        <dc:Bounds x="330" y="140" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end">
        <dc:Bounds x="532" y="162" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="flow_start_handle_di" bpmnElement="flow_start_handle">
        <di:waypoint x="248" y="180" /><di:waypoint x="330" y="180" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="flow_handle_end_di" bpmnElement="flow_handle_end">
        <di:waypoint x="430" y="180" /><di:waypoint x="532" y="180" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def process_id(key: str) -> str:
    """A BPMN id (an XML NCName) for a definition's key (a slug, which may start with a digit or hold hyphens)."""
    return "process_" + key.replace("-", "_")


def starter_bpmn(*, key: str, name: str, lane: str, task: str) -> str:
    return STARTER.format(pid=process_id(key), name=quoteattr(name), lane=quoteattr(lane), task=quoteattr(task))
